/**
 * Opens a URL in the user's browser where there is one: `open` on macOS, `start` on Windows, `xdg-open` on a Linux
 * or BSD desktop (one with a display). The URL is printed in any case, so a browser that cannot be started is not
 * an error: the user opens the URL themselves (on another machine, if need be).
 */
import { spawn } from 'node:child_process';
import { messageOf } from './command';

/** Returns what it tried, for the terminal, or undefined when there is no browser to open here. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv, onFailure: (why: string) => void): string | undefined {
  const command = browserCommand(url, env);
  if (!command) return undefined;
  try {
    const child = spawn(command.file, command.args, {
      stdio: 'ignore',
      detached: true,
      env,
      // `start` is a cmd.exe builtin; the URL is quoted for cmd, whose own quoting Node must not redo.
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', (err) => onFailure(`${command.file}: ${err.message}`));
    child.on('exit', (code) => {
      if (code) onFailure(`${command.file} exited with ${code}`);
    });
    // The browser lives on after the command: nothing here waits for it.
    child.unref();
  } catch (err) {
    onFailure(`${command.file}: ${messageOf(err)}`);
  }
  return command.file;
}

function browserCommand(url: string, env: NodeJS.ProcessEnv): { file: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { file: 'open', args: [url] };
  // As Node runs a shell command on Windows (`cmd /d /s /c "…"`). The URL is percent-encoded (no quote in it), and
  // in quotes cmd takes its `&` literally; the empty "" is start's window title.
  if (process.platform === 'win32') return { file: 'cmd', args: ['/d', '/s', '/c', `"start "" "${url}""`] };
  // A Linux without a display (a server, a container, SSH) has no browser to open: the printed URL is the way.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { file: 'xdg-open', args: [url] };
}
