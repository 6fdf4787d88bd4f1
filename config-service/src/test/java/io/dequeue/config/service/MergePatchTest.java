package io.dequeue.config.service;

import io.dequeue.model.serde.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of RFC 7396, appendix A. */
class MergePatchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"a":"b"}              | {"a":"c"}            | {"a":"c"}
            {"a":"b"}              | {"b":"c"}            | {"a":"b","b":"c"}
            {"a":"b"}              | {"a":null}           | {}
            {"a":"b","b":"c"}      | {"a":null}           | {"b":"c"}
            {"a":["b"]}            | {"a":"c"}            | {"a":"c"}
            {"a":"c"}              | {"a":["b"]}          | {"a":["b"]}
            {"a":{"b":"c"}}        | {"a":{"b":"d","c":null}} | {"a":{"b":"d"}}
            {"a":[{"b":"c"}]}      | {"a":[1]}            | {"a":[1]}
            ["a","b"]              | ["c","d"]            | ["c","d"]
            {"a":"b"}              | ["c"]                | ["c"]
            {"a":"foo"}            | null                 | null
            {"a":"foo"}            | "bar"                | "bar"
            {"e":null}             | {"a":1}              | {"e":null,"a":1}
            [1,2]                  | {"a":"b","c":null}   | {"a":"b"}
            {}                     | {"a":{"bb":{"ccc":null}}} | {"a":{"bb":{}}}
            """)
    void appliesLikeTheRfc(String target, String patch, String expected) throws Exception {
        var t = Json.mapper().readTree(target);
        var before = t.deepCopy();
        var result = MergePatch.apply(t, Json.mapper().readTree(patch));
        assertThat(result).isEqualTo(Json.mapper().readTree(expected));
        assertThat(t).isEqualTo(before);
    }
}
