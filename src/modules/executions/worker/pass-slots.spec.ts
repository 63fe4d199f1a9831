import { PassSlots } from './pass-slots';

describe('PassSlots', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most its size at once and the waiting ones in the order they came', async () => {
    const slots = new PassSlots(2);
    const release: Array<() => void> = [];
    const started: number[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      slots.run(async () => {
        started.push(i);
        await new Promise<void>((resolve) => release.push(resolve));
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.inUse).toBe(2);
    release[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(slots.inUse).toBe(2);
    release[0]();
    release[2]();
    await tick();
    release[3]();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(slots.inUse).toBe(0);
  });

  it('frees the slot of a pass that throws', async () => {
    const slots = new PassSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(slots.inUse).toBe(0);
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });
});
