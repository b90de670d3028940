import { Injectable, PipeTransform, ValidationError, ValidationPipe, ArgumentMetadata } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCalendarDate, MINISTRY_CODE_PATTERN } from '@ndp/catalogue';
import { badRequest, FieldError } from './problem';
import { findTextProblems, isBlankText } from './text-input';

export const MINISTRY_CODE = MINISTRY_CODE_PATTERN;

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real calendar date as YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/**
 * Rejects strings that show nothing: empty, spaces, or only invisible characters (zero-width
 * spaces and joiners, soft hyphens, no-break spaces…). A name of spaces is no name.
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBlank',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not be blank`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && !isBlankText(value) },
    });
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) =>
      e.constraints?.whitelistValidation ? { field, message: `${field} is not a known field` } : { field, message },
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator at the edge: unknown fields refused, every problem named by its field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return badRequest(list.map((e) => e.message).join('; ') || 'Invalid input', list);
    },
  });
}

/**
 * JSON bodies must be objects; arrays, strings and numbers are refused before validation. Their
 * text must be recordable (text-input.ts): control characters, bidi overrides and lone surrogates
 * are refused here, naming every field, after the guards (authorization is decided first). The
 * strings were already normalised to NFC as the body was read (json-guard.ts).
 */
@Injectable()
export class JsonObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('The request body must be a JSON object');
    const problems = findTextProblems(value);
    if (problems.length > 0) throw badRequest(problems.map((e) => e.message).join('; '), problems);
    return value;
  }
}

const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{ "<entry id>": "<ministry code>" }`, at most 10,000 pairs. */
export function IsAssignments(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAssignments',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must map entry ids to ministry codes`, ...options },
      validator: {
        validate: (value: unknown) =>
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 10_000 &&
          Object.entries(value).every(([k, v]) => ENTRY_ID.test(k) && typeof v === 'string' && MINISTRY_CODE.test(v)),
      },
    });
}
