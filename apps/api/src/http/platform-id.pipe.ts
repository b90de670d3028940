import { Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Entry ids are UUIDs (or codes on reads); anything else cannot name an entry. */
@Injectable()
export class PlatformIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_RE.test(value)) throw new ProblemException(404, 'unknown-platform', 'Not found', `No entry has the id '${value.slice(0, 80)}'`);
    return value;
  }
}
