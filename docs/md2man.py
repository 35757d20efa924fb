#!/usr/bin/env python3
"""docs/profile.md -> docs/debimg-profile.5, the same text as a man page.

    python3 docs/md2man.py docs/profile.md > docs/debimg-profile.5

Run it after editing profile.md and commit both; the build does not run it.
It understands the Markdown profile.md uses and nothing more: headings,
paragraphs, "- " lists, pipe tables, fenced code blocks, `code` and
``code with `backticks` ``, **bold**, *italic* and [links](target).
"""
import re
import sys

VERSION = "debimg 0.1.0"
DATE = "December 2026"

# Non-ASCII characters profile.md uses, as groff names them.
GLYPHS = {"…": r"\[u2026]", "→": r"\[->]", "−": r"\-", "—": r"\[em]", "–": r"\[en]"}


def escape(text):
    """Plain text for a roff text line."""
    text = text.replace("\\", r"\e").replace("-", r"\-").replace("'", r"\(aq")
    for glyph, name in GLYPHS.items():
        text = text.replace(glyph, name)
    bad = [c for c in text if ord(c) > 127]
    if bad:
        raise SystemExit(f"md2man: no roff name for {bad[0]!r}")
    return text


def inline(text):
    """Markdown inline markup to roff: code and **bold** bold, *italic* italic."""
    out = []
    text = re.sub(r"\*\*(`[^`]+`)\*\*", r"\1", text)  # bold code is code
    # Code spans first (``…`` may hold single backticks), then the rest.
    pattern = re.compile(r"``\s?(.+?)\s?``|`([^`]+)`")
    pos = 0
    for m in pattern.finditer(text):
        out.append(prose(text[pos:m.start()]))
        code = m.group(1) if m.group(1) is not None else m.group(2)
        out.append(r"\fB" + escape(code) + r"\fR")
        pos = m.end()
    out.append(prose(text[pos:]))
    return "".join(out)


def prose(text):
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links: their text
    text = escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"\\fI\1\\fR", text)
    return text


# Sentences of profile.md that read otherwise in the man page itself.
REWORDED = {
    "`man 5 debimg-profile` has the same content.":
    "The same text is installed as /usr/share/doc/debimg/profile.md.gz.",
}


def text_lines(text):
    """A paragraph's text as roff source lines, none starting with a control character."""
    text = " ".join(text.split())
    for old, new in REWORDED.items():
        text = text.replace(old, new)
    words = inline(text).split(" ")
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 78:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return [r"\&" + l if l.startswith((".", "'")) else l for l in lines]


def code_block(lines, lang):
    out = [".PP", ".RS 4"]
    if lang == "yaml":
        out.append(r'.\" yaml')
    out.append(".EX")
    for l in lines:
        l = escape(l)
        out.append(r"\&" + l if l.startswith((".", "'")) else l)
    out += [".EE", ".RE"]
    return out


def table(rows, introduced=False):
    header = rows[0]
    out = []
    if header[:2] == ["mistake", "message"] and not introduced:
        out += [".PP", "Mistakes, and the messages they get:"]
    for row in rows[2:]:
        term = inline(" ".join(row[0].split()))  # .TP takes its term from one line
        out += [".TP", r"\&" + term if term.startswith((".", "'")) else term, *text_lines(row[1])]
        for name, cell in zip(header[2:], row[2:]):
            out += [".br", *text_lines(name[0].upper() + name[1:] + ": " + cell)]
    return out


def cells(line):
    line = line.strip()[1:-1]
    # A | inside a code span is not a cell boundary.
    parts, cur, in_code = [], "", False
    for c in line:
        if c == "`":
            in_code = not in_code
        if c == "|" and not in_code:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    parts.append(cur.strip())
    return parts


def blocks(md):
    """(kind, payload) for each block of the document."""
    lines = md.split("\n")
    i = 0
    while i < len(lines):
        l = lines[i]
        if not l.strip():
            i += 1
        elif l.startswith("```"):
            lang = l[3:].strip()
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            yield "code", (lang, lines[i + 1:j])
            i = j + 1
        elif l.startswith("#"):
            level = len(l) - len(l.lstrip("#"))
            yield "heading", (level, l[level:].strip())
            i += 1
        elif l.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            yield "table", rows
        elif l.startswith("- "):
            items = []
            while i < len(lines) and (lines[i].startswith("- ") or lines[i].startswith("  ")):
                if lines[i].startswith("- "):
                    items.append(lines[i][2:])
                else:
                    items[-1] += " " + lines[i].strip()
                i += 1
            yield "list", items
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("```", "#", "|", "- ")):
                para.append(lines[i])
                i += 1
            yield "para", " ".join(para)


def heading_title(text):
    return re.sub(r"`([^`]+)`", r"\1", text)


def convert(md):
    out = [
        r'.\" Generated from docs/profile.md by docs/md2man.py: edit those, then run',
        r'.\" python3 docs/md2man.py docs/profile.md > docs/debimg-profile.5',
        f'.TH DEBIMG-PROFILE 5 "{DATE}" "{VERSION}" "File Formats"',
        ".ad l",
        ".SH NAME",
        r"debimg\-profile \- the YAML profile debimg composes an image from",
        ".SH SYNOPSIS",
        ".nf",
        r"\fBname:\fR \fINAME\fR",
        r"\fBsources:\fR",
        r"  \- \fBsuites:\fR [\fISUITE\fR...]",
        r"    [\fBcomponents:\fR ...] [\fBuris:\fR ...] [\fBsigned\-by:\fR ...] [\fBtrusted:\fR ...]",
        r"    [\fBcheck\-valid\-until:\fR ...] [\fBcodename:\fR ...]",
        r"[\fBarchitectures:\fR [\fIARCH\fR]]",
        r"[\fBvariant:\fR essential|minbase|required|apt|important|custom]",
        r"[\fBpackages:\fR [\fINAME\fR[:\fIARCH\fR][=\fIVERSION\fR|/\fISUITE\fR]...]]",
        r"[\fBexclude:\fR [\fINAME\fR...]]",
        r"[\fBlocal\-debs:\fR [\fIPATH\fR...]]",
        r"[\fBmerged\-usr:\fR true|false]",
        r"[\fBslim:\fR [docs, man, info, locales, apt\-lists, caches]]",
        r"[\fBaccounts:\fR {\fBgroups:\fR [...], \fBusers:\fR [...]}]",
        r"[\fBhooks:\fR {\fBsetup:\fR [...], \fBextract:\fR [...], \fBessential:\fR [...], \fBcustomize:\fR [...]}]",
        r"[\fBimage:\fR {\fBtag:\fR ..., \fBcmd:\fR ..., \fBlayers:\fR ..., \fBcompression:\fR ..., ...}]",
        ".fi",
        ".PP",
        r"\fBdebimg profile\fR \fIFILE.yaml\fR",
        ".SH DESCRIPTION",
    ]
    section = "DESCRIPTION"
    examples = []  # blocks moved to EXAMPLES
    see_also = None
    skip_list = False
    introduced = False  # the last paragraph ends in a colon: it introduces what follows
    for kind, payload in blocks(md):
        if kind == "heading":
            level, title = payload
            if level == 1:
                skip_list = True  # the page's table of contents follows
                continue
            skip_list = False
            if level == 2 and title.startswith("`") and section == "DESCRIPTION":
                section = "KEYS"
                out.append(".SH KEYS")
            if title == "What makes a lockfile stale":
                section = "LOCKFILES"
                out.append(".SH LOCKFILES")
                continue
            if title == "Shipped profiles":
                section = "FILES"
                out.append(".SH FILES")
                continue
            out += [".SS " + escape(heading_title(title))]
            continue
        if kind == "list" and skip_list:
            continue
        if section == "DESCRIPTION" and kind in ("para", "code") and (
            examples or (kind == "para" and payload.startswith(("The shortest valid profile", "A profile that uses")))
        ):
            examples.append((kind, payload))  # the example profiles of "The keys at a glance"
            continue
        if section == "FILES" and (kind == "code" or (kind == "para" and payload.startswith("`profiles/"))):
            examples.append((kind, payload))
            continue
        if kind == "para" and payload.startswith("See also"):
            see_also = payload
            continue
        out += render(kind, payload, introduced)
        introduced = kind == "para" and payload.rstrip().endswith(":")
    out.append(".SH EXAMPLES")
    out += render("para", "Check a profile, then compose it as an OCI image:")
    out += code_block(["debimg profile app.yaml", "debimg compose app.yaml --format oci -o app"], "sh")
    for kind, payload in examples:
        out += render(kind, payload)
    out += [
        ".SH SEE ALSO",
        r".BR debimg (1),",
        r".BR mmdebstrap (1),",
        r".BR sources.list (5),",
        r".BR apt_auth.conf (5),",
        r".BR dpkg.cfg (5),",
        r".BR subuid (5)",
        ".PP",
        "The README of debimg, and",
        ".I /usr/share/doc/debimg/architecture.md.gz",
        "(the stages and where each design decision lives in the code).",
    ]
    return "\n".join(out) + "\n"


def render(kind, payload, introduced=False):
    if kind == "para":
        return [".PP", *text_lines(payload)]
    if kind == "code":
        return code_block(payload[1], payload[0])
    if kind == "table":
        return table(payload, introduced)
    if kind == "list":
        out = []
        for item in payload:
            out += [r".IP \(bu 2", *text_lines(item)]
        return out
    raise ValueError(kind)


if __name__ == "__main__":
    sys.stdout.write(convert(open(sys.argv[1], encoding="utf-8").read()))
