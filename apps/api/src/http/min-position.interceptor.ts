import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { CatalogueRuntime } from '../infrastructure/catalogue-runtime';
import { badRequest, ProblemException } from './problem';

/**
 * `?minPosition=N` on any read: wait (up to 5 s) until the read models include log position N,
 * so a client reads its own write even when projections run behind the log (EventStoreDB).
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly runtime: CatalogueRuntime) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: Record<string, unknown> }>>();
    const raw = req.method === 'GET' ? req.query.minPosition : undefined;
    if (raw === undefined) return next.handle();
    if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw))
      throw badRequest('minPosition must be a log position', [{ field: 'minPosition', message: 'not a whole number' }]);
    const wait = this.runtime.projector.waitFor(Number(raw), 5000).catch(() => {
      throw new ProblemException(503, 'not-yet-projected', 'Not yet available', `The read models have not reached position ${raw} yet; retry shortly`);
    });
    return from(wait).pipe(switchMap(() => next.handle()));
  }
}
