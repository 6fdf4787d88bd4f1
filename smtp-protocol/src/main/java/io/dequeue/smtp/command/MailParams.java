package io.dequeue.smtp.command;

import io.dequeue.smtp.dsn.EnvId;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.dsn.Xtext;

import java.util.ArrayList;
import java.util.List;

/**
 * MAIL FROM parameters. Every field is null when the client did not send it.
 *
 * @param size  SIZE (RFC 1870) declared message size; Long.MAX_VALUE if the number overflowed
 * @param body  BODY (RFC 6152)
 * @param ret   RET (RFC 3461)
 * @param envId ENVID (RFC 3461), decoded from xtext
 * @param auth  AUTH (RFC 4954) mailbox, decoded from xtext, or {@code "<>"}
 */
public record MailParams(Long size, BodyType body, Ret ret, String envId, String auth) {

    public static final MailParams NONE = new MailParams(null, null, null, null, null);

    /** The parameters in wire form ({@code SIZE=123}, {@code ENVID=xtext}, ...), for relaying. */
    public List<String> toWire() {
        List<String> out = new ArrayList<>(5);
        if (size != null) {
            out.add("SIZE=" + size);
        }
        if (body != null) {
            out.add("BODY=" + body.keyword());
        }
        if (ret != null) {
            out.add("RET=" + ret.name());
        }
        if (envId != null) {
            out.add("ENVID=" + EnvId.format(envId));
        }
        if (auth != null) {
            out.add("AUTH=" + (auth.equals("<>") ? "<>" : Xtext.encode(auth)));
        }
        return out;
    }
}
