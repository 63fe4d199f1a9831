import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalidBody } from '../errors/domain-error';

/** Cursor pages (API.md §1): `limit` 1-100 (default 20), an opaque `cursor`, newest first. */
export interface PageRequest {
  limit: number;
  cursor: { createdAt: Date; id: string } | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function parsePageQuery(query: { limit?: unknown; cursor?: unknown }): PageRequest {
  let limit = 20;
  if (query.limit !== undefined) {
    const raw = String(query.limit);
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
      throw invalidBody(
        [{ path: 'limit', message: 'must be an integer from 1 to 100' }],
        'Invalid page limit.',
      );
    }
    limit = Number(raw);
  }
  if (query.cursor === undefined || query.cursor === '') return { limit, cursor: null };
  return { limit, cursor: decodeCursor(String(query.cursor)) };
}

// Cursors name rows by uuid; a forged id of another shape must never reach the database (PostgreSQL would throw).
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(raw: string): PageRequest['cursor'] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) throw new Error('bad cursor');
    const [time, id] = parsed as [unknown, unknown];
    const createdAt = new Date(typeof time === 'string' ? time : NaN);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !CURSOR_ID.test(id))
      throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw invalidBody([{ path: 'cursor', message: 'is not a cursor this API returned' }], 'Invalid cursor.');
  }
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

/** Applies keyset paging (created_at DESC, id DESC) to a query and maps the rows. */
export async function fetchPage<E extends ObjectLiteral & { createdAt: Date; id: string }, T>(
  query: SelectQueryBuilder<E>,
  alias: string,
  page: PageRequest,
  map: (row: E) => T,
): Promise<Page<T>> {
  if (page.cursor) {
    query.andWhere(
      `(${alias}.created_at < :pageTime OR (${alias}.created_at = :pageTime AND ${alias}.id < :pageId))`,
      {
        pageTime: page.cursor.createdAt,
        pageId: page.cursor.id,
      },
    );
  }
  const rows = await query
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(page.limit + 1)
    .getMany();
  const more = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  const last = data[data.length - 1];
  return { data: data.map(map), nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}
