import { Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';
import { MINISTRY_CODE } from './validation';

@Injectable()
export class MinistryCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MINISTRY_CODE.test(value)) throw new ProblemException(404, 'unknown-ministry', 'Not found', `No ministry has the code '${value.slice(0, 40)}'`);
    return value;
  }
}
