import { maskText } from '@jewelry/masking';

export interface ErrorFields {
  type: string;
  message: string;
  stack?: string;
}

export function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as Error).message === 'string' &&
      typeof (value as Error).stack === 'string')
  );
}

/** The ECS `error.*` view of an exception, masked: messages and stacks often quote user input. */
export function errorFields(error: Error): ErrorFields {
  const fields: ErrorFields = {
    type: error.name || error.constructor?.name || 'Error',
    message: maskText(String(error.message ?? '')),
  };
  if (typeof error.stack === 'string') fields.stack = maskText(error.stack);
  return fields;
}

/**
 * A masked copy of the error, kept as an Error so the OTel winston transport
 * recognises it and records `exception.type/message/stacktrace`.
 */
export function maskedError(error: Error): Error {
  const fields = errorFields(error);
  const copy = new Error(fields.message);
  copy.name = fields.type;
  if (fields.stack) copy.stack = fields.stack;
  else delete copy.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') (copy as { code?: unknown }).code = code;
  return copy;
}
