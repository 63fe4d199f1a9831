/** A provider's error answer as one line for the step (pure): who answered, the status, and its own message. */
import type { ProviderAnswer } from './provider-http';

const MAX_MESSAGE_CHARS = 300;

export function describeProviderAnswer(
  providerName: string,
  answer: Pick<ProviderAnswer, 'status' | 'body' | 'requestId'>,
) {
  const message = providerMessage(answer.body);
  const id = answer.requestId ? ` (request ${answer.requestId})` : '';
  return `${providerName} answered HTTP ${answer.status}${id}${message ? `: ${message}` : ''}`;
}

/** The message in the usual error shapes: OpenAI/Anthropic `error.message`, fal `detail`, or plain text. */
export function providerMessage(body: unknown): string | undefined {
  const text = messageIn(body);
  if (!text) return undefined;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function messageIn(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'detail', 'message', 'msg', 'failMsg']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
    if (Array.isArray(value) && value.length > 0)
      return value.map((item) => messageIn(item) ?? JSON.stringify(item)).join('; ');
    if (typeof value === 'object' && value !== null) {
      const inner = messageIn(value);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Replaces every secret (an API key a provider echoed back) with `***`. */
export function redact(message: string, secrets: Array<string | undefined>): string {
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
