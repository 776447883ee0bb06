/** The CLI's table of inputs keeps one row per input, whatever the text holds. */
import { Input } from '../../src/generated/clarifai/api/resources.pb';
import { describeContent, inputsCount, inputTable } from '../../src/cli/output';

const textInput = (id: string, raw: string) => Input.fromPartial({ id, data: { text: { raw } } });

test('text with line breaks and quotes stays on its row', () => {
  const table = inputTable([textInput('a', 'changed\n'), textInput('b', 'say "hi"\r\nbye')]);
  const lines = table.trimEnd().split('\n');
  expect(lines).toHaveLength(3); // the header and one line per input
  expect(describeContent(textInput('a', 'changed\n'))).toBe('text "changed\\n"');
  expect(describeContent(textInput('b', 'say "hi"'))).toBe('text "say \\"hi\\""');
});

test('a count of inputs reads as English for one and for many', () => {
  expect([0, 1, 2, 300].map(inputsCount)).toEqual(['0 inputs', '1 input', '2 inputs', '300 inputs']);
});
