/** `--name value` pairs after the script name; numbers only, each with its default. */
export function numberArgs<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z][a-z-]*)$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]} (expected --name value)`);
    const name = match[1].replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!(name in defaults))
      throw new Error(
        `unknown option --${match[1]}; known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(', ')}`,
      );
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${match[1]} needs a number, got ${argv[i + 1]}`);
    out[name] = value;
    i += 1;
  }
  return out as T;
}
