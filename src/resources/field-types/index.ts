import type { FieldType } from '../field-spec.js';
import { bigintType } from './bigint.js';
import { booleanType } from './boolean.js';
import { dateType } from './date.js';
import { datetimeType } from './datetime.js';
import { decimalType } from './decimal.js';
import { emailType } from './email.js';
import { enumType } from './enum.js';
import { floatType } from './float.js';
import { integerType } from './integer.js';
import { jsonType } from './json.js';
import { referencesType } from './references.js';
import { stringType } from './string.js';
import { textType } from './text.js';
import type { FieldTypeDefinition } from './types.js';
import { urlType } from './url.js';
import { uuidType } from './uuid.js';

/** Every field type the field language knows; adding one is its module, its name in `fieldTypes`, and a line here. */
export const fieldTypeDefinitions: Record<FieldType, FieldTypeDefinition> = {
  string: stringType,
  text: textType,
  integer: integerType,
  bigint: bigintType,
  decimal: decimalType,
  float: floatType,
  boolean: booleanType,
  date: dateType,
  datetime: datetimeType,
  uuid: uuidType,
  email: emailType,
  url: urlType,
  json: jsonType,
  enum: enumType,
  references: referencesType,
};
