/**
 * The commonest table test: one test per row, each asserting that `fn(input)` returns `expected`
 * (with `toBe`, or `toEqual` for results compared by value).
 */
export function itReturnsEach<I, O>(title: string, fn: (input: I) => O, rows: ReadonlyArray<[I, O]>, compare: 'toBe' | 'toEqual' = 'toBe'): void {
  it.each<[I, O]>(rows)(title, (input, expected) => {
    expect(fn(input))[compare](expected);
  });
}
