/** `image-transform`: loads `image`, applies `data.ops` in order, stores the result → `{ image: MediaRef }`. */
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import type { MediaRef, MediaStore } from '../../media/media.types';
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';
import { firstMediaUrl } from '../media-values';
import { parseImageOps } from './image-ops';
import { transformImage } from './image-pipeline';
import type { MediaLoader } from './node-handler-deps';
import { logOutboundFailure } from './outbound-failure-log';

export class ImageTransformHandler implements NodeHandler {
  readonly type = 'image-transform' as const;

  constructor(
    private readonly mediaLoader: MediaLoader,
    private readonly mediaStore: MediaStore,
    /** MAX_MEDIA_BYTES: the raw pixels of every pass and the file it stores. */
    private readonly maxMediaBytes = DEFAULT_OUTPUT_LIMITS.maxMediaBytes,
  ) {}

  async run(ctx: NodeContext): Promise<NodeOutputs> {
    const { node, inputs, signal } = ctx;
    const ops = parseImageOps(node.data.ops);
    const url = firstMediaUrl(inputs.image);
    if (!url) throw new Error('image-transform needs an image on its "image" input');
    const source = await this.mediaLoader.load(url, signal).catch((err: unknown) => {
      logOutboundFailure(ctx, err);
      throw err;
    });
    const result = await transformImage(source.data, ops, this.maxMediaBytes);
    signal.throwIfAborted(); // sharp cannot be interrupted; at least store nothing for an aborted run
    const stored = await this.mediaStore.put(result.data, result.contentType);
    const image: MediaRef = { kind: 'image', url: stored.url, contentType: stored.contentType };
    return { image };
  }
}
