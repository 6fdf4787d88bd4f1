#!/usr/bin/env python3
"""Hostile SMTP/ODMR clients for bench/abuse.sh: loopback only, bounded in number and time.

Opens COUNT connections to the edge, spread over seven kinds of abuse, each from a loopback source
address of its own group (127.0.1.x, at most 10 connections an address, so the edge's per-address
limit does not turn them away before they start):

  slow     sends a command one byte every 2 s, never finishing it
  flood    pipelines HELP/NOOP without ever reading a reply (up to 8 MiB of commands)
  size     MAIL FROM with SIZE=26214400, RCPT, DATA, then nothing
  auth     guesses AUTH PLAIN passwords, up to 30 times, reading each reply
  barelf   a transaction whose message has bare LF line ends
  proxy    a PROXY v1 header from an address the edge does not trust (the PROXY listener)
  atrn     authenticates on the ODMR port, sends ATRN and talks on past it without waiting

Each connection ends when the edge closes it, when it has nothing more to do, or at the deadline
(--seconds, or SIGTERM). Prints one line per kind: how its connections ended (the last reply code
the edge sent, 'closed' when it hung up without one, 'open' when it was still open at the end),
then 'ABUSE DONE'. Writes 'ABUSE STARTED' to standard output once every connection is open.
"""
import argparse
import asyncio
import base64
import collections
import hashlib
import hmac
import re
import signal
import sys

KINDS = ["slow", "flood", "size", "auth", "barelf", "proxy", "atrn"]
REPLY = re.compile(rb"^(\d{3})[ -]", re.M)


class Conn:
    """One connection's stream and what the edge last said on it."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.last = None      # last reply code seen
        self.closed = False   # the edge hung up

    async def reply(self, timeout):
        """Reads one whole reply (multi-line too); returns its code, None on timeout."""
        while True:
            try:
                line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), timeout)
            except asyncio.TimeoutError:
                return None
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                self.closed = True
                return None
            m = REPLY.match(line)
            if m:
                self.last = m.group(1).decode()
                if line[3:4] != b"-":
                    return self.last

    async def send(self, data, timeout=10):
        if self.closed:
            return False
        try:
            self.writer.write(data)
            await asyncio.wait_for(self.writer.drain(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        except ConnectionError:
            self.closed = True
            return False

    async def drain_replies(self, seconds, limit=16 << 20):
        """Reads what the edge sent (up to limit bytes) and notes the last reply code in it."""
        got = 0
        try:
            while got < limit:
                chunk = await asyncio.wait_for(self.reader.read(65536), seconds)
                if not chunk:
                    self.closed = True
                    break
                got += len(chunk)
                codes = REPLY.findall(chunk)
                if codes:
                    self.last = codes[-1].decode()
        except asyncio.TimeoutError:
            pass
        except ConnectionError:
            self.closed = True

    def outcome(self):
        if self.closed:
            return f"{self.last} then closed" if self.last else "closed"
        return f"open (last reply {self.last})" if self.last else "open (no reply)"


async def open_conn(args, port, index):
    source = f"127.0.1.{1 + index // 10}"
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0), limit=1 << 20), 10)
    return Conn(reader, writer)


async def ehlo(c):
    await c.reply(10)
    await c.send(b"EHLO hostile.example\r\n")
    return await c.reply(10)


async def slow(c, args, stop):
    await ehlo(c)
    for b in b"MAIL FROM:<slow@hostile.example>":
        if stop.is_set() or c.closed:
            break
        await c.send(bytes([b]))
        # a reply while we dribble (a timeout's 421) ends the connection
        code = await c.reply(2)
        if code or c.closed:
            break
    if not c.closed and not stop.is_set():
        await wait_for_end(c, stop)


async def flood(c, args, stop):
    await c.reply(10)
    chunk = b"HELP\r\nNOOP\r\n" * 5000  # 60,000 bytes
    sent = 0
    c.note = "all sent"
    while sent < 8 << 20 and not stop.is_set() and not c.closed:
        if not await c.send(chunk, timeout=5):
            c.note = "the edge stopped reading" if not c.closed else "cut"
            break
        sent += len(chunk)
    c.note = f"{sent >> 20} MiB sent, {c.note}"
    await c.drain_replies(2)


async def size(c, args, stop):
    await ehlo(c)
    await c.send(b"MAIL FROM:<size@hostile.example> SIZE=26214400\r\n")
    await c.reply(10)
    await c.send(f"RCPT TO:<user@{args.domain}>\r\n".encode())
    await c.reply(10)
    await c.send(b"DATA\r\n")
    await c.reply(10)
    await wait_for_end(c, stop)


async def auth(c, args, stop):
    await ehlo(c)
    for i in range(30):
        if stop.is_set() or c.closed:
            break
        token = base64.b64encode(f"\0{args.domain}\0guess-{i}".encode()).decode()
        await c.send(f"AUTH PLAIN {token}\r\n".encode())
        if await c.reply(15) != "535":
            break  # let in, locked out, refused otherwise, or no answer
    c.guesses = i + 1


async def barelf(c, args, stop):
    await ehlo(c)
    await c.send(b"MAIL FROM:<lf@hostile.example>\r\n")
    await c.reply(10)
    await c.send(f"RCPT TO:<user@{args.domain}>\r\n".encode())
    await c.reply(10)
    await c.send(b"DATA\r\n")
    await c.reply(10)
    await c.send(b"Subject: bare LF\n\nline one\nline two\n.\nMAIL FROM:<smuggled@hostile.example>\n\r\n.\r\n")
    # the reply to the end of the data is the outcome; then whether the edge keeps the connection
    await c.reply(20)
    await c.drain_replies(1)


async def proxy(c, args, stop):
    # The PROXY listener expects the header first; the edge says nothing before it.
    await c.send(b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 25\r\n")
    await c.reply(10)
    if not c.closed and c.last is None:
        # through (not refused): a TLS listener now waits for a ClientHello; send it SMTP instead
        await c.send(b"EHLO hostile.example\r\n")
        await c.reply(10)


async def atrn(c, args, stop):
    await ehlo(c)
    await c.send(b"AUTH CRAM-MD5\r\n")
    if await c.reply(10) == "334":
        challenge = base64.b64decode(c.last_line)
        digest = hmac.new(args.password.encode(), challenge, hashlib.md5).hexdigest()
        await c.send(base64.b64encode(f"{args.domain} {digest}".encode()) + b"\r\n")
        await c.reply(10)
    # ATRN and, without waiting for its reply or the turn, an SMTP transaction of our own
    await c.send(f"ATRN {args.domain}\r\nMAIL FROM:<past@hostile.example>\r\nRCPT TO:<x@{args.domain}>\r\n"
                 f"DATA\r\nSubject: past ATRN\r\n\r\nspoken out of turn\r\n.\r\n".encode())
    await c.drain_replies(15)


async def wait_for_end(c, stop):
    """Stays silent until the edge says something final or hangs up, or the run ends."""
    while not stop.is_set() and not c.closed:
        code = await c.reply(1)
        if code and code[0] in "45" or c.closed:
            break


HANDLERS = {"slow": slow, "flood": flood, "size": size, "auth": auth, "barelf": barelf, "proxy": proxy,
            "atrn": atrn}


class CramConn(Conn):
    """A Conn that keeps the text of the last reply line (for the CRAM-MD5 challenge)."""
    last_line = None

    async def reply(self, timeout):
        while True:
            try:
                line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), timeout)
            except asyncio.TimeoutError:
                return None
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                self.closed = True
                return None
            m = REPLY.match(line)
            if m:
                self.last = m.group(1).decode()
                self.last_line = line[4:].strip().decode(errors="replace")
                if line[3:4] != b"-":
                    return self.last


async def run_one(kind, index, args, stop, opened, results):
    port = {"proxy": args.proxy_port, "atrn": args.odmr_port}.get(kind, args.smtp_port)
    try:
        c = await open_conn(args, port, index)
        if kind == "atrn":
            c.__class__ = CramConn
    except Exception as e:
        results[kind].append(f"connect failed ({type(e).__name__})")
        opened.release()
        return
    opened.release()
    try:
        await asyncio.wait_for(HANDLERS[kind](c, args, stop), args.seconds + 5)
    except asyncio.TimeoutError:
        pass
    except Exception as e:
        results[kind].append(f"client error {type(e).__name__}")
        c.writer.close()
        return
    if not c.closed and not stop.is_set():
        await c.drain_replies(1)  # did the edge hang up after its last word?
    outcome = c.outcome()
    if kind == "auth":
        outcome = f"{getattr(c, 'guesses', 0)} guesses, " + outcome
    if getattr(c, "note", None):
        outcome = f"{c.note}: {outcome}"
    results[kind].append(outcome)
    c.writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--smtp-port", type=int, required=True)
    p.add_argument("--odmr-port", type=int, required=True)
    p.add_argument("--proxy-port", type=int, required=True)
    p.add_argument("--domain", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--seconds", type=float, default=120)
    args = p.parse_args()
    args.count = max(len(KINDS), min(args.count, 500))
    args.seconds = min(args.seconds, 600)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.call_later(args.seconds, stop.set)

    results = collections.defaultdict(list)
    opened = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(run_one(KINDS[i % len(KINDS)], i, args, stop, opened, results))
             for i in range(args.count)]
    for _ in range(args.count):
        await opened.acquire()
    print("ABUSE STARTED", flush=True)
    await stop.wait()
    # the ones still going get a moment to notice the stop, then are cut
    done, pending = await asyncio.wait(tasks, timeout=10)
    for t in pending:
        t.cancel()
    for kind in KINDS:
        n_cut = sum(1 for i, t in enumerate(tasks) if t in pending and KINDS[i % len(KINDS)] == kind)
        outcomes = collections.Counter(results[kind])
        if n_cut:
            outcomes["open (cut at the end)"] += n_cut
        summary = ", ".join(f"{n} x {o}" for o, n in outcomes.most_common())
        print(f"  {kind:7s} {sum(outcomes.values()):3d} connections: {summary}")
    print("ABUSE DONE", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
