"""Turns the shell examples of README.md into a bash script for scripts/check-readme-examples.

The rules (also written in README.md, under "Using the API"):

- every ```sh block runs, in the order of the README, in one bash session, except a block
  whose previous non-blank line is an HTML comment starting with `<!-- not run`;
- `localhost:8080` is the check's own server (rewritten to 127.0.0.1:<its port>);
- a command whose first comment starts with a status (`# 409: …`, `# → 412`) must answer
  exactly that status; any other `curl` must answer 2xx or 304.

A command is a logical shell line: physical lines joined while a quote is open or the line
ends with a backslash. Each command is written out verbatim between `__begin` and `__end`,
which the check's bash prelude defines (with the `curl` wrapper that checks the statuses).

Usage: extract.py README.md HOST:PORT > examples.sh
"""
import re
import shlex
import sys

FENCE = re.compile(r"^\s*```+\s*(\S*)")
NOT_RUN = re.compile(r"^\s*<!--\s*not run\b", re.IGNORECASE)
EXPECTED = re.compile(r"^#\s*(?:→\s*)?([1-5][0-9]{2})(?![0-9])")


class ReadmeError(Exception):
    pass


def scan(line, state):
    """Reads one physical line with the quoting state carried over from the previous lines.
    Returns (comment or None, state, continues): `continues` when a quote is still open or the
    line ends with a backslash outside quotes and comments."""
    quote = state
    i = 0
    comment = None
    while i < len(line):
        c = line[i]
        if quote == "'":
            if c == "'":
                quote = None
        elif quote == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                quote = None
        else:
            if c == "\\":
                if i == len(line) - 1:
                    return None, None, True
                i += 1
            elif c in "'\"":
                quote = c
            elif c == "#" and (i == 0 or line[i - 1] in " \t;|&("):
                comment = line[i:]
                break
        i += 1
    return comment, quote, quote is not None


def commands_of(block_lines):
    """[(first line index in the block, [lines], [comments])] of one ```sh block."""
    commands, current, comments, state, start = [], [], [], None, 0
    for index, line in enumerate(block_lines):
        if not current:
            if not line.strip() or line.lstrip().startswith("#"):
                continue  # blank lines and whole-line comments between commands
            start = index
        current.append(line)
        comment, state, continues = scan(line, state)
        if comment:
            comments.append(comment)
        if not continues:
            commands.append((start, current, comments))
            current, comments = [], []
    if current:
        raise ReadmeError(f"unterminated command (open quote or trailing backslash): {current[0]!r}")
    return commands


def expected_status(comments, where):
    found = {m.group(1) for m in (EXPECTED.match(c) for c in comments) if m}
    if len(found) > 1:
        raise ReadmeError(f"{where}: several expected statuses in one command: {sorted(found)}")
    return found.pop() if found else "2xx"


def examples(readme):
    """[(README line number, command text, expected status)] of every runnable command."""
    lines = readme.splitlines()
    found = []
    i = 0
    previous = ""
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            if lines[i].strip():
                previous = lines[i]
            i += 1
            continue
        language = fence.group(1)
        end = i + 1
        while end < len(lines) and not lines[end].lstrip().startswith("```"):
            end += 1
        if end == len(lines):
            raise ReadmeError(f"README.md:{i + 1}: code block never closed")
        if language == "sh" and not NOT_RUN.match(previous):
            for start, command, comments in commands_of(lines[i + 1:end]):
                number = i + 2 + start
                found.append((number, "\n".join(command), expected_status(comments, f"README.md:{number}")))
        previous = lines[end]
        i = end + 1
    return found


def main():
    readme_path, address = sys.argv[1], sys.argv[2]
    with open(readme_path, encoding="utf-8") as readme:
        runnable = examples(readme.read())
    if not runnable:
        raise ReadmeError("no runnable example found in README.md")
    for number, command, expected in runnable:
        first_line = command.splitlines()[0]
        print(f"__begin {number} {expected} {shlex.quote(first_line)}")
        print(command.replace("localhost:8080", address))
        print("__end $?")


if __name__ == "__main__":
    try:
        main()
    except ReadmeError as error:
        print(f"check-readme-examples: {error}", file=sys.stderr)
        sys.exit(2)
