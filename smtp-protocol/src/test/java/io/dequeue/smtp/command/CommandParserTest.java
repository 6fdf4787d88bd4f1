package io.dequeue.smtp.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.address.Mailbox;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser(new CommandParser.Options(true, false, "gw.example"));

    private static final Mailbox USER = new Mailbox("user", "example.net");

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("EHLO client.example", new Command.Ehlo("client.example")),
                Arguments.of("ehlo Client.Example", new Command.Ehlo("client.example")),
                Arguments.of("EHLO [192.0.2.7]", new Command.Ehlo("[192.0.2.7]")),
                Arguments.of("EHLO [IPv6:2001:DB8::7]", new Command.Ehlo("[ipv6:2001:db8::7]")),
                Arguments.of("EHLO client.example   ", new Command.Ehlo("client.example")),
                Arguments.of("HeLo localhost", new Command.Helo("localhost")),
                Arguments.of("MAIL FROM:<user@example.net>", new Command.Mail(USER, MailParams.NONE)),
                Arguments.of("mail from:<user@example.net>", new Command.Mail(USER, MailParams.NONE)),
                Arguments.of("MAIL FROM: <user@example.net>", new Command.Mail(USER, MailParams.NONE)),
                Arguments.of("MAIL FROM:<>", new Command.Mail(null, MailParams.NONE)),
                Arguments.of("MAIL FROM:<user@example.net> SIZE=12345 BODY=8bitmime",
                        new Command.Mail(USER, new MailParams(12345L, BodyType.EIGHT_BIT_MIME, null, null, null))),
                Arguments.of("MAIL FROM:<user@example.net> BODY=7BIT RET=hdrs ENVID=QQ+2B314 AUTH=<>",
                        new Command.Mail(USER, new MailParams(null, BodyType.SEVEN_BIT, Ret.HDRS, "QQ+314", "<>"))),
                Arguments.of("MAIL FROM:<user@example.net> AUTH=a+2Bb@example.net",
                        new Command.Mail(USER, new MailParams(null, null, null, null, "a+b@example.net"))),
                Arguments.of("MAIL FROM:<user@example.net> SIZE=99999999999999999999",
                        new Command.Mail(USER, new MailParams(Long.MAX_VALUE, null, null, null, null))),
                Arguments.of("MAIL FROM:<@hop.example:user@example.net>", new Command.Mail(USER, MailParams.NONE)),
                Arguments.of("RCPT TO:<user@example.net>", new Command.Rcpt(USER, RcptParams.NONE)),
                Arguments.of("RCPT TO:<Postmaster>", new Command.Rcpt(new Mailbox("Postmaster", "gw.example"), RcptParams.NONE)),
                Arguments.of("RCPT TO:<user@example.net> NOTIFY=SUCCESS,failure ORCPT=rfc822;user+40example.net",
                        new Command.Rcpt(USER, new RcptParams(EnumSet.of(Notify.SUCCESS, Notify.FAILURE),
                                new Orcpt("rfc822", "user@example.net")))),
                Arguments.of("RCPT TO:<user@example.net> NOTIFY=NEVER", new Command.Rcpt(USER,
                        new RcptParams(Set.of(Notify.NEVER), null))),
                Arguments.of("DATA", new Command.Data()),
                Arguments.of("data ", new Command.Data()),
                Arguments.of("RSET", new Command.Rset()),
                Arguments.of("NOOP", new Command.Noop()),
                Arguments.of("NOOP anything here", new Command.Noop()),
                Arguments.of("QUIT", new Command.Quit()),
                Arguments.of("VRFY someone", new Command.Vrfy("someone")),
                Arguments.of("EXPN list", new Command.Expn("list")),
                Arguments.of("HELP", new Command.Help("")),
                Arguments.of("HELP ETRN", new Command.Help("ETRN")),
                Arguments.of("STARTTLS", new Command.StartTls(false)),
                Arguments.of("STARTTLS now", new Command.StartTls(true)),
                Arguments.of("AUTH cram-md5", new Command.Auth("CRAM-MD5", null)),
                Arguments.of("AUTH PLAIN AHVzZXIAcGFzcw==", new Command.Auth("PLAIN", "AHVzZXIAcGFzcw==")),
                Arguments.of("AUTH PLAIN =", new Command.Auth("PLAIN", "=")),
                Arguments.of("ETRN example.net", new Command.Etrn(new Command.Node("example.net"))),
                Arguments.of("etrn Example.NET", new Command.Etrn(new Command.Node("example.net"))),
                Arguments.of("ETRN @example.net", new Command.Etrn(new Command.Subtree("example.net"))),
                Arguments.of("ETRN [192.0.2.1]", new Command.Etrn(new Command.Node("[192.0.2.1]"))),
                Arguments.of("ATRN", new Command.Atrn(List.of())),
                Arguments.of("ATRN a.example", new Command.Atrn(List.of("a.example"))),
                Arguments.of("ATRN a.example,B.example, c.example,a.example",
                        new Command.Atrn(List.of("a.example", "b.example", "c.example"))),
                Arguments.of("TURN", new Command.Turn()),
                Arguments.of("BDAT 100 LAST", new Command.Bdat()),
                Arguments.of("XCLIENT ADDR=1.2.3.4", new Command.Unknown("XCLIENT")),
                Arguments.of("averyveryverylongverbname", new Command.Unknown("AVERYVERYVERYLON")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidCommands(String line, Command expected) {
        Command c = parser.parse(line.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(c).isEqualTo(expected);
        assertThat(c.kind()).isEqualTo(expected.kind());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", Replies.COMMAND_UNRECOGNIZED),
                Arguments.of(" EHLO x", Replies.COMMAND_UNRECOGNIZED),
                Arguments.of("EH\u00e9LO x", Replies.COMMAND_UNRECOGNIZED),
                Arguments.of("EHLO x\0y", Replies.SYNTAX_ERROR),
                Arguments.of("EHLO", Replies.EHLO_SYNTAX),
                Arguments.of("EHLO a b", Replies.EHLO_SYNTAX),
                Arguments.of("EHLO bad_name.example", Replies.EHLO_SYNTAX),
                Arguments.of("EHLO [1.2.3]", Replies.EHLO_SYNTAX),
                Arguments.of("HELO", Replies.HELO_SYNTAX),
                Arguments.of("MAIL", Replies.MAIL_SYNTAX),
                Arguments.of("MAIL TO:<a@b.c>", Replies.MAIL_SYNTAX),
                Arguments.of("MAIL FROM:a@b.c", Replies.MAIL_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c", Replies.MAIL_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c>SIZE=1", Replies.MAIL_SYNTAX),
                Arguments.of("MAIL FROM:<a@b_c>", Replies.BAD_SENDER_SYNTAX),
                Arguments.of("MAIL FROM:<\u00e9@b.c>", Replies.NON_ASCII_ADDRESS),
                Arguments.of("MAIL FROM:<a@b.c> SIZE=1 SIZE=2", Replies.PARAM_DUPLICATE),
                Arguments.of("MAIL FROM:<a@b.c> size=1 SIZE=2", Replies.PARAM_DUPLICATE),
                Arguments.of("MAIL FROM:<a@b.c> SIZE=12x", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> SIZE", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> BODY=BINARYMIME", Replies.BODY_UNSUPPORTED),
                Arguments.of("MAIL FROM:<a@b.c> BODY=9BIT", Replies.BODY_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> BODY", Replies.BODY_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> RET=ALL", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> ENVID=a+zz", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> ENVID=" + "x".repeat(101), Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> SMTPUTF8", Replies.PARAM_UNKNOWN),
                Arguments.of("MAIL FROM:<a@b.c> X-FOO=bar", Replies.PARAM_UNKNOWN),
                Arguments.of("MAIL FROM:<a@b.c> =bar", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> FOO=b=r", Replies.PARAM_SYNTAX),
                Arguments.of("MAIL FROM:<a@b.c> FOO=\u00e9", Replies.PARAM_SYNTAX),
                Arguments.of("RCPT", Replies.RCPT_SYNTAX),
                Arguments.of("RCPT TO:<>", Replies.BAD_RECIPIENT_SYNTAX),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=NEVER,SUCCESS", Replies.PARAM_SYNTAX),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=SOMETIMES", Replies.PARAM_SYNTAX),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=SUCCESS NOTIFY=DELAY", Replies.PARAM_DUPLICATE),
                Arguments.of("RCPT TO:<a@b.c> ORCPT=rfc822", Replies.PARAM_SYNTAX),
                Arguments.of("RCPT TO:<a@b.c> SIZE=10", Replies.PARAM_UNKNOWN),
                Arguments.of("DATA now", Replies.NO_ARGUMENTS_ALLOWED),
                Arguments.of("QUIT now", Replies.NO_ARGUMENTS_ALLOWED),
                Arguments.of("RSET x", Replies.NO_ARGUMENTS_ALLOWED),
                Arguments.of("VRFY", Replies.ARGUMENT_SYNTAX),
                Arguments.of("AUTH", Replies.AUTH_SYNTAX),
                Arguments.of("AUTH PLAIN a b", Replies.AUTH_SYNTAX),
                Arguments.of("AUTH PL@IN", Replies.AUTH_SYNTAX),
                Arguments.of("ETRN", Replies.ETRN_NO_ARGUMENT),
                Arguments.of("ETRN   ", Replies.ETRN_NO_ARGUMENT),
                Arguments.of("ETRN #queue", Replies.ETRN_NAMED_QUEUE),
                Arguments.of("ETRN a.example b.example", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ETRN bad_domain", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ETRN '; DROP TABLE", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ETRN @[1.2.3.4]", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ETRN @", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ETRN a.example%2f", Replies.ETRN_BAD_ARGUMENT),
                Arguments.of("ATRN a.example,,b.example", Replies.ATRN_SYNTAX),
                Arguments.of("ATRN [1.2.3.4]", Replies.ATRN_SYNTAX),
                Arguments.of("ATRN a.example b.example", Replies.ATRN_SYNTAX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithTheExactReply(String line, Reply expected) {
        assertThatThrownBy(() -> parser.parse(line.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(expected));
    }

    @Test
    void dsnParametersAreUnknownWhenDsnIsOff() {
        CommandParser noDsn = new CommandParser(new CommandParser.Options(false, false, null));
        for (String line : List.of("MAIL FROM:<a@b.c> RET=FULL", "MAIL FROM:<a@b.c> ENVID=x",
                "RCPT TO:<a@b.c> NOTIFY=NEVER", "RCPT TO:<a@b.c> ORCPT=rfc822;a@b.c")) {
            assertThatThrownBy(() -> noDsn.parse(line))
                    .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.PARAM_UNKNOWN));
        }
        assertThatThrownBy(() -> noDsn.parse("RCPT TO:<Postmaster>")).isInstanceOf(ReplyException.class);
    }

    @Test
    void namedQueuesWhenAllowed() {
        CommandParser p = new CommandParser(new CommandParser.Options(true, true, null));
        assertThat(p.parse("ETRN #outq")).isEqualTo(new Command.Etrn(new Command.NamedQueue("outq")));
        assertThatThrownBy(() -> p.parse("ETRN #bad/queue")).isInstanceOf(ReplyException.class);
    }

    @Test
    void etrnArgumentDisplay() {
        assertThat(new Command.Node("a.example").display()).isEqualTo("a.example");
        assertThat(new Command.Subtree("a.example").display()).isEqualTo("@a.example");
        assertThat(new Command.NamedQueue("q").display()).isEqualTo("#q");
    }

    @Test
    void tooManyAtrnDomains() {
        String list = Stream.generate(() -> "a.example").limit(101).collect(Collectors.joining(","));
        assertThatThrownBy(() -> parser.parse("ATRN " + list)).isInstanceOf(ReplyException.class);
    }

    @Test
    void everyKindHasARecord() {
        assertThat(Arrays.stream(Command.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .hasSize(Command.Kind.values().length);
    }

    @Test
    void paramsFormatBackToWire() {
        Command.Mail m = (Command.Mail) parser.parse("MAIL FROM:<a@b.c> SIZE=10 BODY=8BITMIME RET=FULL ENVID=a+2Bb AUTH=<>");
        assertThat(m.params().toWire()).containsExactly("SIZE=10", "BODY=8BITMIME", "RET=FULL", "ENVID=a+2Bb", "AUTH=<>");
        Command.Rcpt r = (Command.Rcpt) parser.parse("RCPT TO:<a@b.c> NOTIFY=DELAY,FAILURE ORCPT=RFC822;a+2Bx@b.c");
        assertThat(r.params().toWire()).containsExactly("NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;a+2Bx@b.c");
    }
}
