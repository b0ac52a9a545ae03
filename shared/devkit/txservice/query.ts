import { badRequest } from './errors.js';

/** The fields a list can be ordered by (`ordering=nonce`, `-created`, …). */
export type OrderField = 'nonce' | 'created' | 'modified';

/** A parsed `GET …/multisig-transactions/` query. */
export type ListQuery = {
  executed?: boolean;
  hasConfirmations?: boolean;
  nonce?: bigint;
  nonceGte?: bigint;
  nonceGt?: bigint;
  nonceLte?: bigint;
  nonceLt?: bigint;
  ordering: { field: OrderField; descending: boolean }[];
  limit: number;
  offset: number;
};

/** What a list filters and orders on. `created`/`modified` are monotonic sequence numbers. */
export type ListKey = {
  nonce: bigint;
  created: number;
  modified: number;
  isExecuted: boolean;
  confirmations: number;
};

/** A page of results, as Django REST Framework's limit/offset pagination answers it. */
export type Page<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const nonceFilters = {
  nonce: 'nonce',
  nonce__gte: 'nonceGte',
  nonce__gt: 'nonceGt',
  nonce__lte: 'nonceLte',
  nonce__lt: 'nonceLt',
} as const;

/**
 * Parses the list filters the Transaction Service accepts for multisig transactions: `executed`,
 * `has_confirmations`, `nonce`, `nonce__gte`, `nonce__gt`, `nonce__lte`, `nonce__lt`, `ordering` (comma-separated,
 * `-` for descending; default `-nonce,-created`), `limit`, `offset`. Unknown parameters are ignored, as the service
 * does; a bad value is a 400 that names the parameter.
 *
 * @example
 * parseListQuery(new URLSearchParams('executed=false&nonce__gte=3')); // { executed: false, nonceGte: 3n, … }
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const query: ListQuery = {
    ordering: [
      { field: 'nonce', descending: true },
      { field: 'created', descending: true },
    ],
    limit: DEFAULT_LIMIT,
    offset: 0,
  };
  const executed = params.get('executed');
  if (executed !== null) query.executed = parseBoolean('executed', executed);
  const hasConfirmations = params.get('has_confirmations');
  if (hasConfirmations !== null) query.hasConfirmations = parseBoolean('has_confirmations', hasConfirmations);
  for (const [name, key] of Object.entries(nonceFilters)) {
    const value = params.get(name);
    if (value !== null) query[key] = parseCount(name, value);
  }
  const ordering = params.get('ordering');
  if (ordering !== null && ordering !== '') query.ordering = ordering.split(',').map(parseOrder);
  const limit = params.get('limit');
  if (limit !== null) {
    const value = parseCount('limit', limit);
    if (value === 0n) throw badRequest('Query parameter limit=0 is not valid: ask for at least one result.');
    query.limit = Math.min(Number(value), MAX_LIMIT);
  }
  const offset = params.get('offset');
  if (offset !== null) query.offset = Number(parseCount('offset', offset));
  return query;
}

/** Filters and orders `items` by the query (pagination is separate: `paginate`). */
export function applyListQuery<T>(items: readonly T[], key: (item: T) => ListKey, query: ListQuery): T[] {
  const matches = items.filter((item) => {
    const k = key(item);
    if (query.executed !== undefined && k.isExecuted !== query.executed) return false;
    if (query.hasConfirmations !== undefined && k.confirmations > 0 !== query.hasConfirmations) return false;
    if (query.nonce !== undefined && k.nonce !== query.nonce) return false;
    if (query.nonceGte !== undefined && k.nonce < query.nonceGte) return false;
    if (query.nonceGt !== undefined && k.nonce <= query.nonceGt) return false;
    if (query.nonceLte !== undefined && k.nonce > query.nonceLte) return false;
    if (query.nonceLt !== undefined && k.nonce >= query.nonceLt) return false;
    return true;
  });
  return matches.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (const { field, descending } of query.ordering) {
      const order = ka[field] < kb[field] ? -1 : ka[field] > kb[field] ? 1 : 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

/**
 * One page of `items` with `next`/`previous` links built from the request URL (limit/offset pagination).
 *
 * @example
 * paginate(results, query, new URL(request.url, base)); // { count, next, previous, results }
 */
export function paginate<T>(items: readonly T[], query: Pick<ListQuery, 'limit' | 'offset'>, url: URL): Page<T> {
  const { limit, offset } = query;
  const link = (nextOffset: number | undefined) => {
    const target = new URL(url);
    target.searchParams.set('limit', String(limit));
    if (nextOffset === undefined) target.searchParams.delete('offset');
    else target.searchParams.set('offset', String(nextOffset));
    return target.toString();
  };
  return {
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(offset - limit > 0 ? offset - limit : undefined) : null,
    results: items.slice(offset, offset + limit),
  };
}

function parseBoolean(name: string, value: string): boolean {
  const normalized = value.toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  throw badRequest(`Query parameter ${name}=${value} is not a boolean: use true or false.`);
}

function parseCount(name: string, value: string): bigint {
  if (!/^\d+$/.test(value)) throw badRequest(`Query parameter ${name}=${value} is not a whole number (0 or more).`);
  return BigInt(value);
}

function parseOrder(term: string): { field: OrderField; descending: boolean } {
  const descending = term.startsWith('-');
  const field = descending ? term.slice(1) : term;
  if (field !== 'nonce' && field !== 'created' && field !== 'modified')
    throw badRequest(`Ordering field "${term}" is not valid: use nonce, created or modified, with - for descending.`);
  return { field, descending };
}
