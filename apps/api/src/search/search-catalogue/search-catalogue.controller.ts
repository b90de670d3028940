import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DEPLOYMENT_STATUSES, NDXP_STATUSES, PLATFORM_KINDS } from '@ndp/catalogue';
import { queryWords } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { badRequest } from '../../http/problem';
import { parseAsOf, parseEnum, parseKnownAtParam } from '../../http/time-params';
import { MINISTRY_CODE } from '../../http/validation';
import { SearchCatalogueQuery, SearchResult } from './search-catalogue.query';
import { MAX_LIMIT, pagedPoint, readPaging } from '../../http/paging';
import { CachedRead } from '../../http/cached-read.interceptor';

const STATUSES = ['in-force', 'withdrawn', 'all'] as const;
const MATCH = ['best', 'all'] as const;
export const SEARCH_MAX_LIMIT = 500;

@ApiTags('search')
@Controller('v1/search')
export class SearchCatalogueController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @CachedRead()
  @ApiOperation({
    summary: 'Search the catalogue as of a date, ranked; accents and case do not matter',
    description:
      'Finds entries whose name, ministry name, operator or description contain the words of `q`, each as a whole word or as the beginning of one, without regard to case or diacritics ("hoa don dien tu" finds "Ứng dụng quản lý hóa đơn điện tử"). Entries matching every word come first, then close partial matches; within each, by score (name > ministry > operator > description; rare words count more; the whole phrase in the name counts extra). `matched` lists, per field, the entry\'s words that matched.',
  })
  @ApiQuery({ name: 'q', required: true, description: 'Words to find, e.g. "hóa đơn điện tử" or "hoa don dien tu" (at most 200 characters)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'Valid date, YYYY-MM-DD; default today in Vietnam' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'Instant with offset, or a date = end of that day in Vietnam' })
  @ApiQuery({ name: 'ministry', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: PLATFORM_KINDS })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES, description: 'in-force (default), withdrawn or all' })
  @ApiQuery({
    name: 'match',
    required: false,
    enum: MATCH,
    description: 'best (default): also close partial matches, after the full ones; all: only entries with every word',
  })
  @ApiQuery({ name: 'deploymentStatus', required: false, enum: DEPLOYMENT_STATUSES })
  @ApiQuery({ name: 'ndxpStatus', required: false, enum: NDXP_STATUSES })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1–${MAX_LIMIT}: one page of results with \`nextCursor\`; absent: the first 50 (as before paging); total counts every match`,
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  async search(@Query() query: Record<string, unknown>) {
    const q = query.q;
    if (typeof q !== 'string' || q.trim() === '')
      throw badRequest('q is required: the words to search for', [{ field: 'q', message: q === undefined ? 'required' : 'must be one non-empty text' }]);
    if (q.length > 200) throw badRequest('q must be a text of at most 200 characters', [{ field: 'q', message: 'too long' }]);
    if (queryWords(q).length === 0) throw badRequest('q must contain at least one letter or digit', [{ field: 'q', message: 'no word to search for' }]);
    const ministry = query.ministry;
    if (ministry !== undefined && (typeof ministry !== 'string' || !MINISTRY_CODE.test(ministry)))
      throw badRequest('ministry must be a ministry code such as BTC', [{ field: 'ministry', message: 'not a ministry code' }]);
    const paging = readPaging(query, 'search');
    const cq = this.runtime.catalogue;
    const point = pagedPoint(cq.point(parseAsOf(query.asOf, this.runtime.config.now()), parseKnownAtParam(query.knownAt)), paging, (p) => cq.pinned(p));
    const filter = {
      ministry: ministry as string | undefined,
      kind: parseEnum(query.kind, PLATFORM_KINDS, 'kind'),
      status: parseEnum(query.status, STATUSES, 'status'),
      deploymentStatus: parseEnum(query.deploymentStatus, DEPLOYMENT_STATUSES, 'deploymentStatus'),
      ndxpStatus: parseEnum(query.ndxpStatus, NDXP_STATUSES, 'ndxpStatus'),
    };
    const match = parseEnum(query.match, MATCH, 'match') ?? 'best';
    if (!paging) return this.queries.execute(new SearchCatalogueQuery(point, q.trim(), filter, { match, limit: parseLimit(query.limit) }));
    const offset = paging.state.offset ?? 0;
    const result: SearchResult = await this.queries.execute(new SearchCatalogueQuery(point, q.trim(), filter, { match, limit: offset + paging.limit }));
    // The ranking kept only the first offset + limit hits; total still counts every match.
    const end = offset + paging.limit;
    const nextCursor = end < result.total ? paging.next({ offset: end, position: point.position, asOf: point.asOf }) : null;
    return { ...result, results: result.results.slice(offset), limit: paging.limit, nextCursor };
  }
}

export function parseLimit(value: unknown, fallback = 50, max = SEARCH_MAX_LIMIT, field = 'limit'): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequest(`${field} must be a whole number from 1 to ${max}`, [{ field, message: `'${String(value)}' is not allowed` }]);
  return n;
}
