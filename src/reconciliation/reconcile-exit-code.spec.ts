import { exitCodeFor } from './reconcile-exit-code';

describe('exitCodeFor', () => {
  it.each([
    ['finished', 0, 0],
    ['finished', 2, 1],
    ['finished_with_errors', 2, 1],
    ['interrupted', 0, 1],
    ['failed', 0, 1],
    ['abandoned', 0, 1],
  ] as const)('%s with %i errors → %i', (status, errors, code) => {
    expect(exitCodeFor({ status, errors })).toBe(code);
  });
});
