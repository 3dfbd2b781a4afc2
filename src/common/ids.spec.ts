import { uuidv7, UUID_PATTERN } from './ids';

describe('uuidv7', () => {
  it('is a version 7 UUID', () => {
    expect(uuidv7()).toMatch(UUID_PATTERN);
    expect(uuidv7()[14]).toBe('7');
  });

  it('sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const ids = [uuidv7(1000), uuidv7(1000), uuidv7(1000), uuidv7(999), uuidv7(2000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
