/** The magic 8-ball's answers and its speech bubble, as Tux draws them. */

export const YES = [
  'Hell yeah',
  'Absolutely',
  'Totally',
  'Why not?',
  '100% chance',
  'My gut says yes',
  'Without a doubt',
  'Signs point to yes',
  'It is certain',
  'Only one way to find out',
];
export const NO = [
  'Hell no',
  'When pigs fly',
  'Absolutely not',
  'No way',
  "Don't count on it",
  'My sources say no',
  'Outlook not so good',
  'Very doubtful',
  '0% chance',
  'No',
];
export const UNSURE = [
  'Probably, Maybe, Possibly, Perhaps',
  '¯\\_(ツ)_/¯',
  'Why are you asking me?',
  'What???',
  "Ask someone else for once, I'm tired of answering your questions.",
  '?',
  "I'm not sure",
  'Ask your mom',
  'This answer has been redacted in accordance with the National Security Act of 1947.',
  "Don't ask a penguin for advice",
  'I may be a robot but some questions are just too stupid to answer.',
  'Reply hazy, try again',
  'Cannot predict now',
  'Ask again later',
];

const WRAP_WIDTH = 30;
const QUESTION_LIMIT = 120;

const TUX = `
   \\
    \\
        .--.
       |o_o |
       |:_/ |
      //   \\ \\
     (|     | )
    /'\\_   _/\`\\
    \\___)=(___/
`;

const COW = `
        \\   ^__^
         \\  (oo)\\_______
            (__)\\       )\\/\\
                ||----w |
                ||     ||
`;

/** Greedy word wrap; a word longer than the width is cut (Python's textwrap.wrap). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Collapses whitespace and drops words from the end until it fits with "..." (Python's textwrap.shorten). */
export function shorten(text: string, width: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const whole = words.join(' ');
  if (whole.length <= width) return whole;
  while (words.length && `${words.join(' ')}...`.length > width) words.pop();
  return `${words.join(' ')}...`;
}

/** One answer, picked as Tux does: a category at random, then an answer in it. */
export function pickAnswer(random: () => number = Math.random): string {
  const category = [YES, NO, UNSURE][Math.floor(random() * 3)] as string[];
  return category[Math.floor(random() * category.length)] as string;
}

/** The code block Tux replies with: the question, the answer in a bubble, and Tux (or a cow) saying it. */
export function eightBallReply(question: string, answer: string, cow: boolean): string {
  const width = Math.min(WRAP_WIDTH, answer.length);
  let chunks = wrapWords(answer, width);
  if (chunks.length > 1) chunks = chunks.map((c) => c.padEnd(width));
  const bubble = `  ${'_'.repeat(width)}\n< ${chunks.join(' >\n< ')} >\n  ${'-'.repeat(width)}`;
  return `\`\`\`Response to "${shorten(question, QUESTION_LIMIT)}":\n${bubble}${cow ? COW : TUX}\`\`\``;
}
