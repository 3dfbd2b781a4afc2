import { ValidationError } from 'class-validator';

export interface FieldError {
  /** Dotted path from the validated root, array items by index: `meta.payment_methods.0.id`. */
  field: string;
  /** class-validator constraint names, e.g. `isAmountString`, `whitelistValidation`. */
  constraints: string[];
  messages: string[];
}

/**
 * Turns class-validator's nested error tree into one entry per failing field, the shape the
 * problem+json `errors` list needs (service contract §8).
 */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      flat.push({ field, constraints: Object.keys(error.constraints), messages: Object.values(error.constraints) });
    }
    if (error.children && error.children.length > 0) {
      flat.push(...flattenValidationErrors(error.children, field));
    }
  }
  return flat;
}
