import { ValidateIf } from 'class-validator';

/**
 * An optional body field: it may be absent, but `null` is checked by the field's rules like any other value (and so
 * refused unless they allow it). class-validator's IsOptional also skips null, which let `{"tier": null}` reach a
 * NOT NULL column (API.md §1: null where a value is required is 400 INVALID_BODY). Keep IsOptional only where null
 * means something (`expiresAt: null` = never) or the field is ignored.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
