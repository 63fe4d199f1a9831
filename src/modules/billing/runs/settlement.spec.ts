import { isPaidFor, SettledNode, settlementOf } from './settlement';

const node = (nodeId: string, credits: number, completed: boolean, grant = false): SettledNode => ({
  nodeId,
  model: 'sandbox-image',
  credits,
  grant,
  completed,
});

describe('isPaidFor', () => {
  it.each([
    ['completed', 'completed', true],
    ['cancelled', 'completed', true],
    ['failed', 'completed', false], // a failed run is charged nothing, whatever finished first
    ['completed', 'failed', false],
    ['cancelled', 'cancelled', false],
    ['failed', undefined, false],
  ] as const)('a %s run, a %s step: %s', (outcome, step, paid) => {
    expect(isPaidFor(outcome, step)).toBe(paid);
  });
});

describe('settlementOf', () => {
  it('charges completed nodes not paid by a grant and refunds the rest', () => {
    expect(settlementOf(16, [node('a', 4, true), node('b', 8, false), node('c', 4, true, true)])).toEqual({
      charged: 4,
      refunded: 12,
    });
  });

  it('refunds everything when no node is paid for', () => {
    expect(settlementOf(8, [node('a', 4, false), node('b', 4, false)])).toEqual({ charged: 0, refunded: 8 });
  });
});
