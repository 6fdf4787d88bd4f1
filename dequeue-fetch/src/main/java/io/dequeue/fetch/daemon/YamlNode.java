package io.dequeue.fetch.daemon;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node of the configuration's YAML tree with where it is (file, line, column) and its path
 * from the root ({@code upstreams[0].server}), so that every error can say exactly what is wrong
 * where. The tree is composed by SnakeYAML without constructing any object from it (no tags, no
 * anchors' objects), so a configuration file cannot make the daemon instantiate anything.
 */
final class YamlNode {
    /** A configuration file is small; anything larger is refused before it is parsed. */
    static final int MAX_CHARS = 1 << 20;

    private final String file;
    private final String path;
    private final Node node;

    private YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document's root; {@code file} is only used in messages. */
    static YamlNode root(String file, Reader reader) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(where + ": not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(file + ": the file is empty; it needs at least 'upstreams:'");
        }
        return new YamlNode(file, "", root);
    }

    String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    /** An error about this node: {@code file:line:column: path: what}. */
    ConfigException error(String what) {
        Mark m = node.getStartMark();
        String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
        return new ConfigException(where + ": " + path() + ": " + what);
    }

    /**
     * This node as a mapping whose keys must all be in {@code known}; a key {@code password} is
     * refused with a hint to a file or environment variable (its value is never repeated).
     */
    Map<String, YamlNode> mapping(Set<String> known) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of settings (key: value), found " + kind());
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            YamlNode key = new YamlNode(file, path, t.getKeyNode());
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw key.error("a key must be a plain name, found " + key.kind());
            }
            String name = k.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            YamlNode keyAt = new YamlNode(file, childPath, t.getKeyNode());
            if (name.equals("password")) {
                throw keyAt.error("a password is not accepted in the configuration file; use password-file (a file"
                        + " readable only by the daemon) or password-env (the name of an environment variable)");
            }
            if (!known.contains(name)) {
                throw keyAt.error("unknown setting '" + name + "' (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            if (out.containsKey(name)) {
                throw keyAt.error("'" + name + "' is given twice");
            }
            out.put(name, new YamlNode(file, childPath, t.getValueNode()));
        }
        return out;
    }

    /** This node as a sequence. */
    List<YamlNode> sequence() throws ConfigException {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list, found " + kind());
        }
        List<YamlNode> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    /** This node's text; an empty value is an error. */
    String text() throws ConfigException {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value, found " + kind());
        }
        String v = s.getValue().strip();
        if (v.isEmpty()) {
            throw error("has no value");
        }
        return v;
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    String choice(String... allowed) throws ConfigException {
        String v = text().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw error("'" + text() + "' is not one of " + String.join(", ", allowed));
    }

    boolean bool() throws ConfigException {
        return switch (text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("'" + text() + "' is not true or false");
        };
    }

    /** A duration ({@link Durations}) of at least {@code min}. */
    Duration duration(Duration min) throws ConfigException {
        Duration d = Durations.parse(text());
        if (d == null) {
            throw error("'" + text() + "' is not a duration (e.g. 500ms, 30s, 5m, 1h, or ISO-8601 PT5M; a bare number is seconds)");
        }
        if (d.compareTo(min) < 0) {
            throw error(text() + " is too short (at least " + Durations.format(min) + ")");
        }
        return d;
    }

    /** A list of values; a single value counts as a list of one. */
    List<String> texts() throws ConfigException {
        if (node instanceof ScalarNode) {
            return List.of(text());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : sequence()) {
            out.add(item.text());
        }
        if (out.isEmpty()) {
            throw error("the list is empty");
        }
        return out;
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }
}
