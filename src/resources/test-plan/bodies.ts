import { docComment, withArticle } from '../render-names.js';
import type { Member, TestPlanBasis } from './index.js';

/** The bodies the tests send (a valid one, a replacement), and the helpers that create and list through the API. */
export function bodiesSection(basis: TestPlanBasis) {
  const { names, counter } = basis;
  // A reference is made only when the test does not give one: rows are cheap, but unique values may be few.
  const validMembers: Member[] = basis.validFields.map((field) => ({
    name: field.name,
    value: field.spec.references ? `fields.${field.name} ?? ${basis.firstValue(field)}` : basis.firstValue(field),
  }));
  const replacementMembers: Member[] = basis.requiredFields.map((field) => ({
    name: field.name,
    value: basis.otherValue(field),
  }));
  return {
    valid: {
      doc: docComment(
        counter
          ? `A valid POST body, with values no other ${names.singularWords} has; \`fields\` override or add to it.`
          : 'A valid POST body; `fields` override or add to it.',
        '  ',
      ),
      counter,
      members: validMembers,
    },
    replacement: {
      counter: basis.requiredFields.some((field) => field.spec.unique) ? counter : '',
      members: replacementMembers,
    },
    createDoc: docComment(
      `Creates ${withArticle(names.singularWords)} through the API` +
        basis.traitParts.map((part) => part.createdIn ?? '').join('') +
        ', and returns it.',
      '  ',
    ),
  };
}
