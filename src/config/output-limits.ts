/**
 * Output limits (API.md §5, §13): what one run may make the server hold or write, whatever it costs.
 * MAX_NODE_OUTPUT_BYTES bounds one node's text or JSON, MAX_RESULT_BYTES a run's whole result (JSON),
 * MAX_MEDIA_BYTES one media file and the pixels an image operation may hold while it works.
 */
export interface OutputLimits {
  maxNodeOutputBytes: number;
  maxResultBytes: number;
  maxMediaBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = {
  maxNodeOutputBytes: 1 * MiB,
  maxResultBytes: 10 * MiB,
  maxMediaBytes: 100 * MiB,
};
