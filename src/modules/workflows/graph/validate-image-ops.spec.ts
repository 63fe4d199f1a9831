import type { ValidationDetail } from '../workflow.types';
import { validateImageTransformData } from './validate-image-ops';

const at = (index: number, tail = '') => `nodes[1].data.ops[${index}]${tail}`;
const check = (data: Record<string, unknown>) => validateImageTransformData(data, 'nodes[1].data');

describe('validateImageTransformData', () => {
  it.each<[string, Record<string, unknown>]>([
    ['no ops (the image passes through)', {}],
    ['an empty list', { ops: [] }],
    [
      'every op',
      {
        ops: [
          { op: 'resize', width: 256, height: 256, fit: 'cover' },
          { op: 'resize', width: 128 },
          { op: 'crop', left: 0, top: 0, width: 100, height: 50 },
          { op: 'rotate', angle: -90 },
          { op: 'grayscale' },
          { op: 'blur' },
          { op: 'blur', sigma: 2.5 },
          { op: 'format', format: 'webp', quality: 80 },
          { op: 'format', format: 'avif' },
        ],
      },
    ],
  ])('accepts %s', (_case, data) => {
    expect(check(data)).toEqual([]);
  });

  it.each<[string, unknown[], ValidationDetail[]]>([
    ['an op not an object', ['grayscale'], [{ path: at(0), message: 'must be an object, got a string' }]],
    [
      'an unknown op',
      [{ op: 'sharpen' }],
      [
        {
          path: at(0, '.op'),
          message: 'must be one of "resize", "crop", "rotate", "grayscale", "blur", "format"',
        },
      ],
    ],
    [
      'an inherited name is not an op',
      [{ op: 'constructor' }],
      [{ path: at(0, '.op'), message: expect.stringMatching(/^must be one of/) }],
    ],
    [
      'an unknown argument',
      [{ op: 'grayscale', amount: 1 }],
      [{ path: at(0, '.amount'), message: 'unknown argument of "grayscale"' }],
    ],
    [
      'resize with no size',
      [{ op: 'resize', fit: 'cover' }],
      [{ path: at(0), message: 'resize needs a width, a height or both' }],
    ],
    [
      'resize width zero',
      [{ op: 'resize', width: 0 }],
      [{ path: at(0, '.width'), message: 'must be between 1 and 16384, got 0' }],
    ],
    [
      'resize height a fraction',
      [{ op: 'resize', height: 10.5 }],
      [{ path: at(0, '.height'), message: 'must be an integer, got a number' }],
    ],
    [
      'resize too large',
      [{ op: 'resize', width: 20000 }],
      [{ path: at(0, '.width'), message: 'must be between 1 and 16384, got 20000' }],
    ],
    [
      'resize unknown fit',
      [{ op: 'resize', width: 10, fit: 'stretch' }],
      [{ path: at(0, '.fit'), message: 'must be one of "cover", "contain", "fill", "inside", "outside"' }],
    ],
    [
      'crop missing arguments',
      [{ op: 'crop', left: 0, top: 0 }],
      [
        { path: at(0, '.width'), message: 'is required by "crop"' },
        { path: at(0, '.height'), message: 'is required by "crop"' },
      ],
    ],
    [
      'crop negative offset',
      [{ op: 'crop', left: -1, top: 0, width: 1, height: 1 }],
      [{ path: at(0, '.left'), message: 'must be between 0 and 16384, got -1' }],
    ],
    [
      'rotate without angle',
      [{ op: 'rotate' }],
      [{ path: at(0, '.angle'), message: 'is required by "rotate"' }],
    ],
    [
      'rotate too far',
      [{ op: 'rotate', angle: 720 }],
      [{ path: at(0, '.angle'), message: 'must be between -360 and 360, got 720' }],
    ],
    [
      'rotate by a string',
      [{ op: 'rotate', angle: '90' }],
      [{ path: at(0, '.angle'), message: 'must be a finite number, got a string' }],
    ],
    [
      'blur sigma too small',
      [{ op: 'blur', sigma: 0.1 }],
      [{ path: at(0, '.sigma'), message: 'must be between 0.3 and 1000, got 0.1' }],
    ],
    [
      'format unknown',
      [{ op: 'format', format: 'gif' }],
      [{ path: at(0, '.format'), message: 'must be one of "png", "jpeg", "webp", "avif"' }],
    ],
    [
      'format missing',
      [{ op: 'format', quality: 50 }],
      [{ path: at(0, '.format'), message: 'is required by "format"' }],
    ],
    [
      'quality out of range',
      [{ op: 'format', format: 'jpeg', quality: 101 }],
      [{ path: at(0, '.quality'), message: 'must be between 1 and 100, got 101' }],
    ],
    [
      'problems in several ops',
      [{ op: 'rotate', angle: 1 }, { op: 'blur', sigma: -1 }, { op: 'nope' }],
      [
        { path: at(1, '.sigma'), message: 'must be between 0.3 and 1000, got -1' },
        { path: at(2, '.op'), message: expect.stringMatching(/^must be one of/) },
      ],
    ],
  ])('%s', (_case, ops, expected) => {
    expect(check({ ops })).toEqual(expected);
  });

  it('refuses ops that are not a list', () => {
    expect(check({ ops: { op: 'grayscale' } })).toEqual([
      { path: 'nodes[1].data.ops', message: 'must be an array of ops, got an object' },
    ]);
  });
});
