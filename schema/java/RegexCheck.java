// Runs regular expressions through java.util.regex, the engine whose
// behaviour Pan's match() has, for schema/pan-regex.test.ts.
//
// Input (file named by the first argument), one item a line, base64 UTF-8:
//   S <subject>      every subject first
//   P <pattern>      then every pattern
// Output: for each pattern, one line with two characters per subject:
// find() and matches(), each '1' or '0'.
import java.io.BufferedReader;
import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

public class RegexCheck {
    public static void main(String[] args) throws Exception {
        List<String> subjects = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new FileReader(args[0], StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String text = new String(Base64.getDecoder().decode(line.substring(2)), StandardCharsets.UTF_8);
                if (line.charAt(0) == 'S') {
                    subjects.add(text);
                    continue;
                }
                Pattern pattern = Pattern.compile(text);
                for (String s : subjects) {
                    out.append(pattern.matcher(s).find() ? '1' : '0');
                    out.append(pattern.matcher(s).matches() ? '1' : '0');
                }
                out.append('\n');
            }
        }
        System.out.print(out);
    }
}
