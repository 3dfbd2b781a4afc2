import 'reflect-metadata';
import '../config/load-env-file';
import { Logger } from '@nestjs/common';
import { resolveListeningUrl } from './emulator-options';
import { startStandaloneEmulator } from './standalone';

/** `npm run emulator`: the Fintecture emulator alone, on EMULATOR_PORT (default 3100). */
async function main(): Promise<void> {
  const { credentials, settings, port } = await startStandaloneEmulator(process.env);
  const api = resolveListeningUrl(settings.options.publicBaseUrl, port);
  const lines = [
    `Fintecture emulator listening on ${settings.host}:${port}`,
    `  API base URL:   ${api}`,
    `  webhooks to:    ${resolveListeningUrl(settings.options.webhookUrl, port)} (${settings.options.webhookFormat})`,
  ];
  if (credentials.generated) {
    // A client needs all three to talk to this emulator. The service and `npm run reconcile` find them
    // in the same file when they use the same data folder (DATABASE_PATH's); another client needs them here.
    lines.push(
      '',
      `No FINTECTURE_APP_ID / FINTECTURE_APP_SECRET / FINTECTURE_PRIVATE_KEY given: the emulator's own app, kept in ${settings.fintecture.emulatorCredentialsPath}.`,
      `FINTECTURE_APP_ID=${credentials.appId}`,
      `FINTECTURE_APP_SECRET=${credentials.appSecret}`,
      'FINTECTURE_PRIVATE_KEY (PKCS#8):',
      String(credentials.privateKey.export({ type: 'pkcs8', format: 'pem' })).trimEnd(),
    );
  } else {
    lines.push(`  app id:         ${credentials.appId}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  new Logger('Emulator').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
