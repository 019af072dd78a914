"""The harness that stands in for systemd: renders deploy/'s files for a
temporary directory and free ports, and starts each unit's own ExecStart
command (this machine runs no systemd)."""

import datetime
import http.client
import ipaddress
import os
import re
import shlex
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(template: str, values: dict[str, str]) -> str:
    """Fill every @NAME@ of a deploy/ template; a placeholder left over is an error."""
    text = PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    return text


def render_unit(name: str, *, env_file: Path, var_dir: Path) -> str:
    """A unit of deploy/systemd as installed from this checkout (the README's
    /srv/socle/app, /srv/socle/var and /etc/socle/socle.env replaced)."""
    text = (DEPLOY / "systemd" / name).read_text()
    text = text.replace("/srv/socle/app", str(ROOT)).replace("/srv/socle/var", str(var_dir))
    text = text.replace("/etc/socle/socle.env", str(env_file))
    if os.geteuid() == 0 and not _user_exists("socle"):
        text = text.replace("User=socle", "User=root").replace("Group=socle", "Group=root")
    return text


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def write_env_file(path: Path, values: dict[str, str]) -> None:
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()))


def unit_command(unit_text: str, instance: str, env: dict[str, str]) -> tuple[list[str], Path]:
    """The unit's ExecStart as systemd runs it: %i is the instance, ${NAME}
    comes from the environment file; and its WorkingDirectory."""
    fields = {}
    for line in unit_text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in {"ExecStart", "WorkingDirectory"}:
            fields[key] = value
    args = shlex.split(fields["ExecStart"].replace("%i", instance))
    args = [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], arg) for arg in args]
    return args, Path(fields["WorkingDirectory"])


class Process:
    """One started command, in a process group of its own, its output in a log file."""

    def __init__(self, name: str, args: list[str], *, cwd: Path, env: dict[str, str], logs: Path):
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True)

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise AssertionError(f"{self.name} exited ({self.popen.returncode}):\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, as systemd stops a unit; SIGKILL to the group if it lingers."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)  # whatever the group left behind
        except ProcessLookupError:
            pass
        if self.popen.poll() is None:
            self.popen.wait(timeout=10)


def wait_for_port(process: Process, port: int, attempts: int = 300) -> None:
    for _ in range(attempts):
        process.check_running()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{process.name} does not listen on {port}:\n{process.tail()}")


def make_certificates(directory: Path, host: str = "localhost") -> tuple[Path, Path, Path]:
    """A certificate authority and a server certificate for ``host`` and 127.0.0.1
    signed by it: (ca.pem, server.pem, server.key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Socle test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return ca_path, cert_path, key_path


NGINX_MAIN = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include {site};
}}
"""


def nginx_main_config(tmp: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf does around the site file, kept in
    the test's directory (pid, logs, temporary files)."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    return NGINX_MAIN.format(user=user, tmp=tmp, site=site)


class _Connection(http.client.HTTPConnection):
    def __init__(self, browser: "Browser", timeout: float):
        super().__init__(browser.host, browser.port, timeout=timeout)
        self.browser = browser

    def connect(self) -> None:
        sock = self.browser.open_socket()
        sock.settimeout(self.timeout)
        if self.browser.context is not None:
            sock = self.browser.context.wrap_socket(sock, server_hostname=self.browser.host)
        self.sock = sock


class Browser:
    """Just enough of a browser: cookies, no automatic redirects. It reaches the
    site through ``open_socket()`` (a TCP connection, or a relay into a network
    namespace), over TLS when given a context; without one it talks to an app
    server as the proxy does (plain HTTP, ``X-Forwarded-Proto: https``).
    Browsers given the same ``cookies`` dict share one session."""

    def __init__(self, host: str, port: int, *, open_socket: Callable[[], socket.socket],
                 context: ssl.SSLContext | None = None, public_port: int | None = None,
                 cookies: dict[str, str] | None = None):
        self.host, self.port, self.open_socket, self.context = host, port, open_socket, context
        self.public_port = public_port or port
        self.cookies = cookies if cookies is not None else {}

    @classmethod
    def over_tls(cls, host: str, port: int, ca: Path) -> "Browser":
        return cls(host, port, context=ssl.create_default_context(cafile=str(ca)),
                   open_socket=lambda: socket.create_connection(("127.0.0.1", port), timeout=30))

    @property
    def netloc(self) -> str:
        return self.host if self.public_port == 443 else f"{self.host}:{self.public_port}"

    @property
    def origin(self) -> str:
        return f"https://{self.netloc}"

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None,
                body: bytes | None = None, timeout: float = 30):
        connection = _Connection(self, timeout)
        try:
            sent = {"Host": self.netloc, **(headers or {})}
            if self.context is None:
                sent["X-Forwarded-Proto"] = "https"
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if form is not None:
                body = urlencode(form).encode()
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            if body is not None:
                sent |= {"Origin": self.origin, "Referer": self.origin + path}
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_token(self, form_page: str) -> str:
        response, content = self.get(form_page)
        assert response.status == 200, (form_page, response.status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()

    def csrf_post(self, form_page: str, path: str, data: dict):
        """GET the page with the form, then POST it with its CSRF token."""
        return self.request("POST", path, form={"csrfmiddlewaretoken": self.csrf_token(form_page), **data})

    def multipart_post(self, form_page: str, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]):
        """A form with files, as a browser sends it (multipart/form-data)."""
        boundary = "socle-test-boundary"
        parts = []
        for name, value in {"csrfmiddlewaretoken": self.csrf_token(form_page), **fields}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body=body,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
