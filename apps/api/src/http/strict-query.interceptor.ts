import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { badRequest, FieldError, ProblemException } from './problem';
import { textProblem } from './text-input';

/** Parameters every GET route understands, whatever its own (see MinPositionInterceptor). */
export const GLOBAL_READ_PARAMETERS: readonly string[] = ['minPosition'];

/** Where @nestjs/swagger keeps @ApiQuery declarations (DECORATORS.API_PARAMETERS). */
const SWAGGER_PARAMETERS = 'swagger/apiParameters';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Handler = Function;
const cache = new WeakMap<Handler, ReadonlySet<string>>();

/**
 * The query parameters a route reads, derived from its own declarations so that no list is kept
 * by hand: each `@Query('name')` parameter, and for a route that takes the whole `@Query()`
 * object, its `@ApiQuery({ name })` declarations (which also document it in /docs). GET routes
 * also take the global ones (`minPosition`).
 */
export function allowedQueryParameters(controller: object, handler: Handler, method: string): ReadonlySet<string> {
  const cached = cache.get(handler);
  if (cached) return cached;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, { data?: unknown }>;
  const names = new Set<string>(method === 'GET' || method === 'HEAD' ? GLOBAL_READ_PARAMETERS : []);
  let whole = false;
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof arg.data === 'string') names.add(arg.data);
    else whole = true;
  }
  if (whole) {
    const declared = (Reflect.getMetadata(SWAGGER_PARAMETERS, handler) ?? []) as Array<{ name?: unknown; in?: unknown }>;
    for (const p of declared) if (p.in === 'query' && typeof p.name === 'string') names.add(p.name);
  }
  cache.set(handler, names);
  return names;
}

/** Splits the raw query string as sent (not Fastify's parsed query): names and values, percent-decoded strictly. */
function rawParameters(url: string): Array<{ name: string; value: string } | { undecodable: string }> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const out: Array<{ name: string; value: string } | { undecodable: string }> = [];
  for (const part of url.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      // decodeURIComponent throws on bytes that are not UTF-8 (and on encoded surrogates);
      // A lenient parser would have turned them into U+FFFD silently (Express's) or kept them encoded (Fastify's).
      out.push({ name: decodeURIComponent(rawName.replace(/\+/g, ' ')), value: decodeURIComponent(rawValue.replace(/\+/g, ' ')) });
    } catch {
      out.push({ undecodable: rawName.slice(0, 100) });
    }
  }
  return out;
}

/**
 * Query strings are as strict as bodies: a parameter the route does not read, a bracketed one
 * (`asOf[]=`, `a[b]=`: names of their own to Express 5's parser and to Fastify's), one given twice
 * (`a=1&a=2`, an array to both), one that is not valid UTF-8 once percent-decoded, or one
 * whose text could not be recorded (controls, bidi overrides) → 400 naming the parameter.
 * Values are normalised to NFC. Runs after the guards: authorization is decided first.
 */
@Injectable()
export class StrictQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const params = rawParameters(req.originalUrl ?? req.url);
    if (params.length === 0) return next.handle();
    const allowed = allowedQueryParameters(context.getClass(), context.getHandler(), req.method);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    for (const p of params) {
      if ('undecodable' in p) {
        throw new ProblemException(
          400,
          'invalid-encoding',
          'Invalid text encoding',
          `The query parameter ${p.undecodable} is not valid percent-encoded UTF-8`,
          {
            errors: [{ field: p.undecodable, message: `${p.undecodable} is not valid percent-encoded UTF-8` }],
          },
        );
      }
      const { value } = p;
      const name = p.name.length > 100 ? `${p.name.slice(0, 100)}…` : p.name;
      if (/[[\]]/.test(name)) errors.push({ field: name, message: `${name}: bracketed parameters are not accepted` });
      else if (!allowed.has(p.name))
        errors.push({
          field: name,
          message: `${name} is not a parameter of this route${allowed.size ? ` (known: ${[...allowed].join(', ')})` : ' (it takes none)'}`,
        });
      else if (seen.has(p.name)) errors.push({ field: name, message: `${name} is given more than once` });
      else {
        const problem = textProblem(value, false);
        if (problem) errors.push({ field: name, message: `${name} ${problem}` });
      }
      seen.add(p.name);
    }
    if (errors.length > 0) throw badRequest(errors.map((e) => e.message).join('; '), errors);
    // The NFC values replace the query Fastify parsed, as the request's own property (what @Query() reads).
    const query: Record<string, string> = {};
    for (const p of params) if (!('undecodable' in p)) query[p.name] = p.value.normalize('NFC');
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    return next.handle();
  }
}
