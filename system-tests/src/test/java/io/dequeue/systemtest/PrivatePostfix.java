package io.dequeue.systemtest;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Postfix instance of the test's own (own configuration, queue and data folders, one loopback
 * port; as {@code bench/postfix-relay.sh} starts one): its {@code smtpd} accepts mail from
 * 127.0.0.0/8 for any domain and relays it to {@code [127.0.0.1]:relayPort}; recipients listed in
 * the access map get the map's reply (e.g. {@code 451 4.2.0 ...}, {@code 550 5.1.1 ...}). Never
 * the system's Postfix. Needs root (Postfix's master drops to the {@code postfix} user).
 */
final class PrivatePostfix implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/postfix");

    final int port;
    final Path dir;

    private PrivatePostfix(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static boolean available() {
        return Files.isExecutable(BINARY) && "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param recipientAccess access map entries: key ({@code user@} matches the local part in every
     *                        domain) to action ({@code 451 4.2.0 text}, {@code 550 5.1.1 text})
     */
    static PrivatePostfix start(int port, int relayPort, Map<String, String> recipientAccess) throws Exception {
        Path dir = Files.createTempDirectory("private-postfix-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(dir.resolve("spool"));
        Path data = Files.createDirectories(dir.resolve("data"));
        exec(List.of("chown", "postfix", data.toString()));
        StringBuilder access = new StringBuilder();
        recipientAccess.forEach((k, v) -> access.append(k).append(' ').append(v).append('\n'));
        Files.writeString(etc.resolve("access"), access, StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("main.cf"), """
                compatibility_level = 3.6
                config_directory = %1$s/etc
                queue_directory = %1$s/spool
                data_directory = %1$s/data
                mail_owner = postfix
                setgid_group = postdrop
                myhostname = relay.postfix.test
                mydomain = postfix.test
                myorigin = $myhostname
                mydestination =
                local_recipient_maps =
                inet_interfaces = 127.0.0.1
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                relayhost = [127.0.0.1]:%2$d
                smtpd_relay_restrictions = permit_mynetworks, reject
                smtpd_recipient_restrictions = check_recipient_access texthash:%1$s/etc/access, permit_mynetworks, reject
                smtp_dns_support_level = disabled
                smtp_tls_security_level = none
                smtpd_tls_security_level = none
                maillog_file_prefixes = %1$s
                maillog_file = %1$s/maillog
                biff = no
                alias_maps =
                alias_database =
                append_dot_mydomain = no
                syslog_name = postfix-systest
                """.formatted(dir, relayPort), StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("master.cf"), """
                127.0.0.1:%d inet n - n - - smtpd
                pickup    unix  n       -       n       60      1       pickup
                cleanup   unix  n       -       n       -       0       cleanup
                qmgr      unix  n       -       n       300     1       qmgr
                rewrite   unix  -       -       n       -       -       trivial-rewrite
                bounce    unix  -       -       n       -       0       bounce
                defer     unix  -       -       n       -       0       bounce
                trace     unix  -       -       n       -       0       bounce
                verify    unix  -       -       n       -       1       verify
                flush     unix  n       -       n       1000?   0       flush
                proxymap  unix  -       -       n       -       -       proxymap
                proxywrite unix -       -       n       -       1       proxymap
                smtp      unix  -       -       n       -       -       smtp
                relay     unix  -       -       n       -       -       smtp
                showq     unix  n       -       n       -       -       showq
                error     unix  -       -       n       -       -       error
                retry     unix  -       -       n       -       -       error
                discard   unix  -       -       n       -       -       discard
                anvil     unix  -       -       n       -       1       anvil
                scache    unix  -       -       n       -       1       scache
                postlog   unix-dgram n  -       n       -       1       postlogd
                """.formatted(port), StandardCharsets.US_ASCII);
        PrivatePostfix postfix = new PrivatePostfix(port, dir);
        exec(List.of(BINARY.toString(), "-c", etc.toString(), "start"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return postfix;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        postfix.close();
        throw new IllegalStateException("the private Postfix did not listen on " + port + "; see " + dir.resolve("maillog"));
    }

    /** Postfix's log of this instance. */
    String maillog() throws IOException {
        Path log = dir.resolve("maillog");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private static void exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        exec(List.of(BINARY.toString(), "-c", dir.resolve("etc").toString(), "stop"));
    }
}
