"""deploy/ holds what an administrator installs: each file is checked by the
tool that will read it (systemd, nginx), and the environment file example
names every setting the processes read."""

import re
import shutil
import subprocess

import pytest

from tests.deploy import stack

UNITS = ["socle-http@.service", "socle-ws@.service", "socle-tasks.service", "socle.target"]


def test_the_environment_example_names_every_setting_and_every_unit_variable():
    example = stack.read_env_file(stack.DEPLOY / "socle.env.example")
    commented = set(re.findall(r"^#(\w+)=", (stack.DEPLOY / "socle.env.example").read_text(), re.M))
    listed = set(example) | commented
    settings = (stack.ROOT / "site" / "settings.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\("(\w+)"', settings))
    read -= {"DEBUG", "SECURE_SSL_REDIRECT"}  # for benchmarks on plain HTTP only, never in production
    assert read - listed == set()
    assert stack.read_env_file(stack.DEPLOY / "socle.env.example")["SOCLE_ENV"] == "production"
    for unit in UNITS:
        used = set(re.findall(r"\$\{(\w+)\}", (stack.DEPLOY / "systemd" / unit).read_text()))
        assert used <= set(example), (unit, used - set(example))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    env_file = tmp_path / "socle.env"
    shutil.copy(stack.DEPLOY / "socle.env.example", env_file)
    for unit in UNITS:
        (tmp_path / unit).write_text(stack.render_unit(unit, env_file=env_file, var_dir=tmp_path))
    instances = ["socle-http@8001.service", "socle-http@8002.service", "socle-ws@8101.service",
                 "socle-tasks.service", "socle.target"]
    result = subprocess.run(["systemd-analyze", "verify", *instances], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Only about units of this recipe would it complain: none.
    assert "socle" not in result.stderr, result.stderr


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (dev.py test installs it)")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    _, cert, key = stack.make_certificates(tmp_path)
    site = tmp_path / "socle.conf"
    site.write_text(stack.render((stack.DEPLOY / "nginx" / "socle.conf").read_text(), {
        "SERVER_NAME": "socle.example.org", "HTTP_PORT": str(stack.free_port()), "HTTPS_PORT": str(stack.free_port()),
        "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key), "ACCESS_LOG": str(tmp_path / "access.log"),
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "HTTP_SERVERS": "server 127.0.0.1:8001; server 127.0.0.1:8002;", "WS_SERVERS": "server 127.0.0.1:8101;",
    }))
    main = tmp_path / "nginx.conf"
    main.write_text(stack.nginx_main_config(tmp_path, site))
    result = subprocess.run(["nginx", "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
