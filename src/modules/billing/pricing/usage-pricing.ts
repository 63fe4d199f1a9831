/**
 * Settlement by usage (pure): a token-priced node (`pricing.unit: "1k-tokens"`) reserved its upper bound; once it
 * ran, it is charged `ceil(credits per 1,000 tokens × tokens / 1000)` for the tokens the provider reported
 * (input + output), never more than was reserved. Without reported usage the reservation stands.
 */
import type { NodeQuote } from '../runs/run-quote';

export interface ReportedUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export function settledCredits(quote: NodeQuote, usage: ReportedUsage | undefined): number {
  if (quote.perThousandTokens === undefined || quote.grant) return quote.credits;
  const tokens = (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
  // A count that is not a plain non-negative number (a provider's bug, a tampered step) never lowers the price.
  if (!usage || !(tokens > 0) || !Number.isFinite(tokens)) return quote.credits;
  const exact = (quote.perThousandTokens * tokens) / 1000;
  return Math.min(quote.credits, Math.ceil(Math.round(exact * 1e9) / 1e9));
}
