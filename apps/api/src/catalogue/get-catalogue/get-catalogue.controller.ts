import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DEPLOYMENT_STATUSES, NDXP_STATUSES, PLATFORM_KINDS } from '@ndp/catalogue';
import { catalogueKeyOf, CatalogueView } from '@ndp/projections';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { badRequest } from '../../http/problem';
import { parseAsOf, parseEnum, parseKnownAtParam } from '../../http/time-params';
import { MINISTRY_CODE } from '../../http/validation';
import { GetCatalogueQuery } from './get-catalogue.query';
import { RateLimited } from '../../http/rate-limit';
import { pagedPoint, readPaging } from '../../http/paging';
import { CachedRead } from '../../http/cached-read.interceptor';

const STATUSES = ['in-force', 'withdrawn', 'all'] as const;

@ApiTags('catalogue')
@Controller('v1/catalogue')
export class GetCatalogueController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
  ) {}

  @Get()
  @CachedRead()
  @RateLimited()
  @ApiOperation({
    summary: 'The catalogue as of a date, as known at an instant',
    description:
      'Entries in force on `asOf` (default today in Vietnam) with the values in force then, ministry names as in force then, using only what was recorded by `knownAt`.',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'knownAt', required: false })
  @ApiQuery({ name: 'ministry', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: PLATFORM_KINDS })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES, description: 'in-force (default), withdrawn or all' })
  @ApiQuery({ name: 'deploymentStatus', required: false, enum: DEPLOYMENT_STATUSES })
  @ApiQuery({ name: 'ndxpStatus', required: false, enum: NDXP_STATUSES })
  @ApiQuery({ name: 'q', required: false, description: 'Text to find in name, description, operator or ministry; accents optional' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000: answer one page of `platforms` with `nextCursor`; absent: every entry' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: 'The `nextCursor` of the previous page; later pages read the same (asOf, recorded) point as the first',
  })
  async catalogue(@Query() query: Record<string, unknown>) {
    const paging = readPaging(query, 'catalogue');
    const q0 = this.runtime.catalogue;
    const point = pagedPoint(q0.point(parseAsOf(query.asOf, this.runtime.config.now()), parseKnownAtParam(query.knownAt)), paging, (p) => q0.pinned(p));
    const ministry = query.ministry;
    if (ministry !== undefined && (typeof ministry !== 'string' || !MINISTRY_CODE.test(ministry)))
      throw badRequest('ministry must be a ministry code such as BTC', [{ field: 'ministry', message: 'not a ministry code' }]);
    const q = query.q;
    if (q !== undefined && (typeof q !== 'string' || q.length > 200))
      throw badRequest('q must be a text of at most 200 characters', [{ field: 'q', message: 'too long or repeated' }]);
    // A page is read as a page (only its entries presented), not cut out of the whole answer:
    // from the key of the last entry given (a cursor issued before keys resumes at its offset).
    const offset = paging?.state.offset ?? 0;
    const key = paging?.state.key;
    const view: CatalogueView = await this.queries.execute(
      new GetCatalogueQuery(
        point,
        {
          ministry: ministry as string | undefined,
          kind: parseEnum(query.kind, PLATFORM_KINDS, 'kind'),
          status: parseEnum(query.status, STATUSES, 'status'),
          deploymentStatus: parseEnum(query.deploymentStatus, DEPLOYMENT_STATUSES, 'deploymentStatus'),
          ndxpStatus: parseEnum(query.ndxpStatus, NDXP_STATUSES, 'ndxpStatus'),
          q: q as string | undefined,
        },
        paging ? { offset, limit: paging.limit, after: key && { owner: key[0], sortName: key[1], id: key[2] } } : undefined,
      ),
    );
    if (!paging) return view;
    // The offset still counts the entries given, for `nextCursor` to be null on the last page.
    const end = offset + view.platforms.length;
    const last = view.platforms.at(-1);
    const next = last && catalogueKeyOf(last);
    const nextCursor =
      next && end < view.total ? paging.next({ position: point.position, asOf: point.asOf, offset: end, key: [next.owner, next.sortName, next.id] }) : null;
    return { ...view, limit: paging.limit, nextCursor };
  }
}
