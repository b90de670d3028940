import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { allowedQueryParameters } from './strict-query.interceptor';

@Controller('x')
class Sample {
  @Get('named')
  named(@Query('asOf') _asOf: unknown, @Query('knownAt') _knownAt: unknown) {}

  @Get('whole')
  @ApiQuery({ name: 'q' })
  @ApiQuery({ name: 'limit', required: false })
  whole(@Query() _q: Record<string, unknown>) {}

  @Get('none')
  none() {}

  @Post('write')
  write() {}
}

describe('allowed query parameters, derived from the route', () => {
  const names = (method: keyof Sample, http = 'GET') => [...allowedQueryParameters(Sample, Sample.prototype[method], http)].sort();
  it('@Query(name) parameters, plus minPosition on reads', () => expect(names('named')).toEqual(['asOf', 'knownAt', 'minPosition']));
  it('a whole @Query() object: its @ApiQuery declarations', () => expect(names('whole')).toEqual(['limit', 'minPosition', 'q']));
  it('a read without parameters: only minPosition', () => expect(names('none')).toEqual(['minPosition']));
  it('a write without parameters: none', () => expect(names('write', 'POST')).toEqual([]));
});
