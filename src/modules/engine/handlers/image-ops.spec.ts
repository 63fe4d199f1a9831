import { sizeAfter } from './image-ops';

const size = { width: 100, height: 60 };

describe('sizeAfter', () => {
  it.each<[string, Parameters<typeof sizeAfter>[0], { width: number; height: number }]>([
    ['resize to a width keeps the aspect ratio', { op: 'resize', width: 50 }, { width: 50, height: 30 }],
    ['resize to a height keeps the aspect ratio', { op: 'resize', height: 120 }, { width: 200, height: 120 }],
    [
      'resize to a box fills it (cover, the default)',
      { op: 'resize', width: 30, height: 30 },
      { width: 30, height: 30 },
    ],
    [
      'fit inside stays within the box',
      { op: 'resize', width: 30, height: 30, fit: 'inside' },
      { width: 30, height: 18 },
    ],
    [
      'fit outside covers the box',
      { op: 'resize', width: 30, height: 30, fit: 'outside' },
      { width: 50, height: 30 },
    ],
    ['crop is its region', { op: 'crop', left: 0, top: 0, width: 10, height: 20 }, { width: 10, height: 20 }],
    [
      'rotate by 90 swaps (a pixel of rounding either way)',
      { op: 'rotate', angle: 90 },
      { width: 61, height: 100 },
    ],
    ['rotate by 45 grows to the bounding box', { op: 'rotate', angle: 45 }, { width: 114, height: 114 }],
    ['grayscale keeps the size', { op: 'grayscale' }, size],
  ])('%s', (_case, op, expected) => {
    expect(sizeAfter(op, size)).toEqual(expected);
  });
});
