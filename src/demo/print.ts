/** How the demo talks to the person running it: numbered steps, indented results. */
let stepNo = 0;

export function step(title: string): void {
  stepNo += 1;
  console.log(`\n${stepNo}. ${title}`);
}

export function say(text: string): void {
  for (const line of text.split('\n')) console.log(`   ${line}`);
}

export function stepsShown(): number {
  return stepNo;
}
