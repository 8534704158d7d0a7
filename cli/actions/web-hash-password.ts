import { InputError } from '../../src/input-error.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';

/** Shortest password `hash-password` accepts. */
const MIN_PASSWORD_LENGTH = 10;

/** `secon-bot web hash-password`: the scrypt hash of a password typed twice (not shown) or piped in. */
export async function run(): Promise<void> {
  const password = process.stdin.isTTY ? await askTwice() : await readLine(process.stdin);
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new InputError(`the password is shorter than ${MIN_PASSWORD_LENGTH} characters; choose a longer one`);
  process.stdout.write(`${await hashPassword(password)}\n`);
  process.stderr.write(
    'Add it to secon-bot.yaml:\n  web:\n    users:\n      - { name: <user>, role: admin, passwordHash: "<the ' +
      'hash above>" }\n',
  );
}

async function askTwice(): Promise<string> {
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new InputError('the two passwords differ; nothing was hashed');
  return first;
}

/** Reads a line from the terminal without showing it. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new InputError('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of a piped input (a password manager's output, a test). */
async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
