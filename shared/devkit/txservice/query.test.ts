import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { TxServiceRequestError } from './errors.js';
import { type ListKey, applyListQuery, paginate, parseListQuery } from './query.js';

const base = new URL('http://127.0.0.1:8720/api/v2/safes/0xSafe/multisig-transactions/?executed=false');

const keys = fc.array(
  fc.record({
    nonce: fc.bigInt({ min: 0n, max: 20n }),
    created: fc.nat(1000),
    modified: fc.nat(1000),
    isExecuted: fc.boolean(),
    confirmations: fc.nat(3),
  }),
  { maxLength: 40 },
);

describe('parseListQuery', () => {
  test('default', () => {
    expect(parseListQuery(new URLSearchParams())).toEqual({
      ordering: [
        { field: 'nonce', descending: true },
        { field: 'created', descending: true },
      ],
      limit: 100,
      offset: 0,
    });
  });

  test('args: what api-kit getPendingTransactions sends', () => {
    expect(
      parseListQuery(new URLSearchParams('executed=false&nonce__gte=7&has_confirmations=true&ordering=nonce&limit=5')),
    ).toMatchObject({ executed: false, nonceGte: 7n, hasConfirmations: true, limit: 5, offset: 0 });
  });

  describe('errors', () => {
    test.each([
      ['executed=maybe', 'Query parameter executed=maybe is not a boolean: use true or false.'],
      ['nonce=-1', 'Query parameter nonce=-1 is not a whole number (0 or more).'],
      ['ordering=fee', 'Ordering field "fee" is not valid: use nonce, created or modified, with - for descending.'],
      ['limit=0', 'Query parameter limit=0 is not valid: ask for at least one result.'],
    ])('%s', (query, message) => {
      let error: unknown;
      try {
        parseListQuery(new URLSearchParams(query));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TxServiceRequestError);
      expect((error as TxServiceRequestError).status).toBe(400);
      expect((error as TxServiceRequestError).body).toEqual({ detail: message });
    });
  });
});

describe('properties', () => {
  test('following next from the first page visits every result once, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (items, limit) => {
        const seen: number[] = [];
        let url: string | null = `${base}&limit=${limit}`;
        let pages = 0;
        while (url !== null) {
          const current: URL = new URL(url);
          const page: { count: number; next: string | null; results: number[] } = paginate(
            items,
            parseListQuery(current.searchParams),
            current,
          );
          expect(page.count).toBe(items.length);
          expect(page.results.length).toBeLessThanOrEqual(limit);
          seen.push(...page.results);
          url = page.next;
          pages += 1;
        }
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(items.length / limit)));
      }),
    );
  });

  test('previous of the next page is the page itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(60),
        (items, limit, start) => {
          const offset = Math.min(start, items.length - 1);
          const url = new URL(`${base}&limit=${limit}&offset=${offset}`);
          const page = paginate(items, parseListQuery(url.searchParams), url);
          if (page.next === null) return;
          const nextUrl = new URL(page.next);
          const next = paginate(items, parseListQuery(nextUrl.searchParams), nextUrl);
          const back = new URL(next.previous!);
          expect(paginate(items, parseListQuery(back.searchParams), back).results).toEqual(page.results);
          expect(back.searchParams.get('executed')).toBe('false');
        },
      ),
    );
  });

  test('filters keep exactly the matching entries and the ordering is sorted', () => {
    fc.assert(
      fc.property(
        keys,
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.bigInt({ min: 0n, max: 20n }), { nil: undefined }),
        fc.constantFrom('nonce', '-nonce', 'created', '-modified', 'nonce,-created'),
        (items, executed, nonceGte, ordering) => {
          const params = new URLSearchParams({ ordering });
          if (executed !== undefined) params.set('executed', String(executed));
          if (nonceGte !== undefined) params.set('nonce__gte', String(nonceGte));
          const query = parseListQuery(params);
          const result = applyListQuery(items, (item: ListKey) => item, query);
          const expected = items.filter(
            (item) =>
              (executed === undefined || item.isExecuted === executed) &&
              (nonceGte === undefined || item.nonce >= nonceGte),
          );
          expect(result.length).toBe(expected.length);
          expect(new Set(result)).toEqual(new Set(expected));
          const [{ field, descending }] = query.ordering as [{ field: keyof ListKey; descending: boolean }];
          for (let i = 1; i < result.length; i++) {
            const [a, b] = [result[i - 1]![field], result[i]![field]];
            expect(descending ? a >= b : a <= b).toBe(true);
          }
        },
      ),
    );
  });
});
