import { tsString } from '../render-fields.js';
import { prose, tsLiteral } from '../render-samples.js';
import type { Member, TestPlanBasis } from './index.js';

/** POST: the defaults of the fields a minimal body leaves out, every field given, and the bodies it refuses. */
export function postSection(basis: TestPlanBasis) {
  const { names, fields, rowHelpers } = basis;
  const defaults: Member[] = fields
    .filter((field) => !basis.validFields.includes(field))
    .map((field) => ({ name: field.name, value: basis.samples(field).defaultResponse ?? 'null' }));

  // Every field but the unique ones given, as the API writes them back.
  const setup: string[] = [];
  const given: Member[] = [];
  const stored: Member[] = [];
  // What the API normalizes, said once per type (the first field of a type gives the example).
  const notes = new Map<string, string>();
  for (const field of fields.filter((each) => !each.spec.unique)) {
    if (field.spec.references) {
      const variable = basis.referenceVariable(field);
      setup.push(`const ${variable} = await ${rowHelpers.for(field.spec.references.resource)}();`);
      given.push({ name: field.name, value: `${variable}.id` });
      continue;
    }
    const values = basis.samples(field);
    if (values.normalized) {
      given.push({ name: field.name, value: tsLiteral(values.normalized.input) });
      stored.push({ name: field.name, value: tsLiteral(values.normalized.stored) });
      if (!notes.has(field.spec.type)) notes.set(field.spec.type, values.normalized.note);
    } else {
      given.push({ name: field.name, value: basis.otherValue(field) });
    }
  }

  const invalidCases = fields.flatMap((field) => {
    const values = basis.samples(field);
    const missing = basis.isRequiredInPost(field)
      ? [{ description: `a missing ${prose(field.name)}`, value: 'undefined', message: values.missingMessage }]
      : [];
    return [...missing, ...values.invalid].map((invalid) => ({ ...invalid, name: field.name }));
  });

  return {
    title: tsString(
      `returns 201, a Location header and the ${names.singularWords}${defaults.some((member) => member.value !== 'null') ? ', with defaults applied' : ''}`,
    ),
    defaults,
    serverSet: basis.fromTraits((part) => part.serverSet),
    everyFieldTitle: tsString(['keeps every field it is given', ...notes.values()].join('; ')),
    setup,
    given,
    stored,
    invalidCases,
  };
}
