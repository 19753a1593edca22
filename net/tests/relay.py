#!/usr/bin/env python3
"""relay.py LISTEN_PORT NODE_ADDR NODE_PORT LOG: a TCP relay that makes
TLS False Start arrive in one piece.

Forwards each connection from 127.0.0.1:LISTEN_PORT to NODE_ADDR:NODE_PORT.
Server to client, bytes pass as they come.  Client to server, it reads
TLS records; from the client's ChangeCipherSpec on, it holds the records
(ChangeCipherSpec, Finished) until the first application-data record and
writes them all with one send(), as a client that false-starts in one
segment would.  A client that does not false start gets its held records
after HOLD_S seconds.  Appends one line per connection to LOG:
"coalesced" or "plain".
"""
import socket
import sys
import threading

HOLD_S = 2.0


def pipe(src, dst):
    try:
        while True:
            d = src.recv(65536)
            if not d:
                break
            dst.sendall(d)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def read_record(sock, buf):
    """One whole record from sock (buf holds bytes read ahead)."""
    while True:
        if len(buf) >= 5:
            n = 5 + int.from_bytes(buf[3:5], "big")
            if len(buf) >= n:
                rec = bytes(buf[:n])
                del buf[:n]
                return rec
        d = sock.recv(65536)
        if not d:
            return None
        buf += d


def client_to_node(cli, node, log):
    buf = bytearray()
    held = b""
    how = "plain"
    try:
        while True:
            if held:
                cli.settimeout(HOLD_S)
            try:
                rec = read_record(cli, buf)
            except socket.timeout:
                node.sendall(held)      # no false start: let it go
                held = b""
                cli.settimeout(None)
                continue
            if rec is None:
                break
            if held or rec[0] == 20:    # ChangeCipherSpec onwards
                held += rec
                if rec[0] == 23:
                    node.sendall(held)
                    held = b""
                    how = "coalesced"
                    break
                continue
            node.sendall(rec)
        cli.settimeout(None)
        if held:
            node.sendall(held)
        if buf:
            node.sendall(bytes(buf))
        with open(log, "a") as f:
            f.write(how + "\n")
        pipe(cli, node)
    except OSError:
        pass


def serve(conn, addr, port, log):
    try:
        node = socket.create_connection((addr, port), timeout=10)
    except OSError:
        conn.close()
        return
    node.settimeout(None)
    node.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=pipe, args=(node, conn), daemon=True).start()
    client_to_node(conn, node, log)


def main():
    lport, addr, port, log = (int(sys.argv[1]), sys.argv[2],
                              int(sys.argv[3]), sys.argv[4])
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", lport))
    ls.listen(16)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn, addr, port, log),
                         daemon=True).start()


if __name__ == "__main__":
    main()
