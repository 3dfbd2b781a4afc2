import { receivedAfter } from './received-amount';

describe('receivedAfter', () => {
  it.each<[string, number | null, number | null | undefined, number | null | undefined, number | null]>([
    ['no amounts: nothing to say', null, null, null, null],
    ['a first total', null, 2000, null, 2000],
    ['a higher total', 2000, 4250, 1000, 4250],
    ['an older, lower total arriving late keeps the higher one', 4250, 2000, null, 4250],
    ['the same total', 2000, 2000, null, 2000],
    ['an increment without a total adds to what is known', 2000, null, 1500, 3500],
    ['a first increment without a total', null, undefined, 1500, 1500],
    ['a total wins over the increment beside it', 1000, 3000, 2000, 3000],
    ['a zero increment says nothing', 2000, null, 0, null],
  ])('%s', (_name, known, total, increment, expected) => {
    expect(receivedAfter(known, total, increment)).toBe(expected);
  });
});
