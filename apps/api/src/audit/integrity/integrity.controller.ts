import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChainHead, EXPORT_MEDIA_TYPE, exportLine, HeadSigner, isHash } from '@ndp/event-store';
import { Roles } from '../../http/auth';
import { RateLimited } from '../../http/rate-limit';
import { badRequest, ProblemException } from '../../http/problem';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { SignedHeadQuery, VerifyLogQuery } from './integrity.queries';

function position(value: unknown, field: string): number | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value))
    throw badRequest(`${field} must be a log position (0 or more)`, [{ field, message: 'not a position' }]);
  return Number(value);
}

/**
 * The tamper-evident log, for auditors: verify the hash chain here, or better, export the log
 * and verify it offline against heads published earlier (editions carry one; /v1/audit/head
 * gives a signed one at any time).
 */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditIntegrityController {
  constructor(
    private readonly queries: QueryBus,
    private readonly runtime: CatalogueRuntime,
    private readonly signer: HeadSigner,
  ) {}

  @Get('verify')
  @ApiBearerAuth()
  @Roles('auditor', 'mic-admin')
  @RateLimited('audit')
  @ApiOperation({
    summary: 'Checks the hash chain of the whole log (auditor, mic-admin): { ok, checked, firstBadPosition?, reason? }',
    description:
      "With position and hash (a head published earlier, e.g. an edition's head), also checks that the log passes through it, which detects events removed from the end or a recomputed chain.",
  })
  @ApiQuery({ name: 'position', required: false })
  @ApiQuery({ name: 'hash', required: false, description: '64 lowercase hex digits' })
  verify(@Query() q: Record<string, unknown>) {
    const at = position(q.position, 'position');
    const hash = q.hash;
    if ((at === null) !== (hash === undefined || hash === ''))
      throw badRequest('position and hash go together', [{ field: at === null ? 'position' : 'hash', message: 'required with the other' }]);
    if (hash !== undefined && hash !== '' && !isHash(hash))
      throw badRequest('hash must be 64 lowercase hex digits', [{ field: 'hash', message: 'not a SHA-256 hex digest' }]);
    const head: ChainHead | null = at === null ? null : { position: at, hash: hash as string };
    return this.queries.execute(new VerifyLogQuery(head));
  }

  @Get('head')
  @RateLimited('read')
  @ApiOperation({
    summary: "The hash chain's head, signed with the service's Ed25519 key (public)",
    description: 'Keep it: an exported log can later be checked against it offline (`npm run verify-file -- FILE --head-file head.json --public-key key.pem`).',
  })
  @ApiQuery({ name: 'position', required: false, description: 'An earlier position; default the end of the log' })
  async head(@Query() q: Record<string, unknown>) {
    const at = position(q.position, 'position');
    const head = await this.queries.execute(new SignedHeadQuery(at));
    if (!head) throw new ProblemException(404, 'unknown-position', 'Not found', `Position ${at} is not in the log`);
    return head;
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The public key that verifies signed heads (public)' })
  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.signer.keyId, publicKey: this.signer.publicKeyPem };
  }

  @Get('export')
  @ApiBearerAuth()
  @Roles('auditor', 'mic-admin')
  @RateLimited('audit')
  @ApiProduces(EXPORT_MEDIA_TYPE)
  @ApiOperation({
    summary: 'The log as JSON Lines, one event per line with prevHash and hash (auditor, mic-admin)',
    description:
      'Verify it offline with `npm run verify-file -- FILE [--head position:hash]`. With after=P the file starts at P+1: verify it with --from P:hashAtP.',
  })
  @ApiQuery({ name: 'after', required: false, description: 'Export the events after this position' })
  async export(@Query() q: Record<string, unknown>, @Res() reply: FastifyReply) {
    const after = position(q.after, 'after') ?? 0;
    const store = this.runtime.store;
    // A fixed end, so that the file is one consistent prefix of the log even while writes go on.
    const end = await store.headPosition();
    // Streamed straight to the socket, page by page, with back-pressure: Fastify steps aside.
    reply.hijack();
    const res = reply.raw;
    res.statusCode = 200;
    res.setHeader('Content-Type', `${EXPORT_MEDIA_TYPE}; charset=utf-8`);
    res.setHeader('Content-Disposition', `attachment; filename="ndp-catalogue-log-${after + 1}-${end}.jsonl"`);
    res.setHeader('X-Log-Head-Position', String(end));
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      for (let at = after; at < end && !closed;) {
        const page = await store.readAll(at, Math.min(1000, end - at));
        if (page.length === 0) break;
        const chunk = page.map(exportLine).join('');
        if (!res.write(chunk)) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
        at = page[page.length - 1].position;
      }
      res.end();
    } catch (e) {
      // Headers are gone: all a client can be told is that the stream broke.
      console.error('audit export failed', e);
      res.destroy(e as Error);
    }
  }
}
