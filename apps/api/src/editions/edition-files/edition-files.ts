import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { stringify as stringifyCsvSync } from 'csv-stringify/sync';
import { DiffView } from '@ndp/projections';
import { parseEnum } from '../../http/time-params';

/** What the diff endpoints and an edition answer as files: `format=csv` or `format=json`. */
export const FILE_FORMATS = ['csv', 'json'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export function parseFileFormat(value: unknown): FileFormat | undefined {
  return parseEnum(value, FILE_FORMATS, 'format');
}

export const DIFF_CSV_COLUMNS = ['change', 'id', 'name', 'ownerMinistry', 'field', 'before', 'after'] as const;

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A diff as CSV, one row per fact: an added or withdrawn entry is one row; a changed entry one
 * row per changed field (before, after); a transfer one row on `ownerMinistry`. UTF-8 with a byte
 * order mark (Excel), CRLF, values that are lists or objects as JSON.
 */
export function diffToCsv(diff: Pick<DiffView, 'added' | 'changed' | 'transferred' | 'withdrawn'>): string {
  const rows: string[][] = [];
  for (const p of diff.added) rows.push(['added', p.id, p.name, p.ownerMinistry, '', '', '']);
  for (const c of diff.changed) for (const f of c.changes) rows.push(['changed', c.id, c.name, c.ownerMinistry, f.field, cell(f.before), cell(f.after)]);
  for (const t of diff.transferred) rows.push(['transferred', t.id, t.name, t.toMinistry, 'ownerMinistry', t.fromMinistry, t.toMinistry]);
  for (const p of diff.withdrawn) rows.push(['withdrawn', p.id, p.name, p.ownerMinistry, 'status', 'in-force', p.status]);
  return '\uFEFF' + stringifyCsvSync(rows, { header: true, columns: [...DIFF_CSV_COLUMNS], record_delimiter: '\r\n' });
}

/** Sends a file: its type, a download name (ASCII, the document number's slashes made dashes) and the body. */
export function sendFile(res: FastifyReply, format: FileFormat, baseName: string, content: string): string {
  const safe = baseName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 120);
  res.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  res.header('Content-Disposition', `attachment; filename="${safe}.${format}"`);
  return content;
}

/** The query parameters of a diff answer, on both diff routes: one page (limit, cursor), or the whole diff as a file (format). */
export const DiffAnswerQueries = () =>
  applyDecorators(
    ApiProduces('application/json', 'text/csv'),
    ApiQuery({ name: 'limit', required: false, description: '1–1000: one page of the four lists read in turn, with `totals` and `nextCursor`' }),
    ApiQuery({ name: 'cursor', required: false }),
    ApiQuery({
      name: 'format',
      required: false,
      enum: FILE_FORMATS,
      description: 'csv: one row per fact (change, id, name, ownerMinistry, field, before, after); json: this answer as a file. Files hold the whole diff.',
    }),
  );
