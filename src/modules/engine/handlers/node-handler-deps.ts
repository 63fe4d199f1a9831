/** What the node handlers need from the rest of the service, passed in so each handler stays testable alone. */
import type { TargetPolicy } from '../../../common/net/net.types';
import type { OutputLimits } from '../../../config/output-limits';
import type { MediaStore } from '../../media/media.types';
import type { ModelEntry } from '../../models/model.types';
import type { ModelProvider } from '../../providers/provider.types';

/** The part of MediaFetcher the engine uses: fetch a media URL (ours, remote or `data:`) under the URL rules. */
export interface MediaLoader {
  load(url: string, signal?: AbortSignal): Promise<{ data: Buffer; contentType: string }>;
}

export interface NodeHandlerDeps {
  mediaStore: MediaStore;
  mediaLoader: MediaLoader;
  netPolicy: TargetPolicy;
  /** MAX_NODE_OUTPUT_BYTES and MAX_MEDIA_BYTES bound what each handler builds; the defaults when omitted. */
  limits?: OutputLimits;
  lookupModel(id: string): ModelEntry | undefined;
  lookupProvider(id: string): ModelProvider | undefined;
}
