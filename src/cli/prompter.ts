import { isCancel, select, text } from '@clack/prompts';
import { Cancelled } from '../errors.js';
import type { Prompter } from '../options/resolve.js';

/** Prompts on the terminal. Ctrl-C at any question cancels the whole run before anything is written. */
export const clackPrompter: Prompter = {
  async text(question, placeholder) {
    return answerOrCancel(await text({ message: question, placeholder, defaultValue: placeholder }));
  },
  async select(question, values) {
    return answerOrCancel(
      await select({ message: question, options: values.map(({ value, hint }) => ({ value, label: value, hint })) }),
    );
  },
};

function answerOrCancel(answer: string | symbol): string {
  if (isCancel(answer) || typeof answer === 'symbol') throw new Cancelled();
  return answer;
}
