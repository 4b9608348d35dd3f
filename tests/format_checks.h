// Small, strict checkers for the text formats the server writes, shared by the unit and the
// end-to-end tests: Prometheus text exposition (0.0.4) and XML well-formedness. Each returns the
// problems it finds; an empty list means the text is fine.
#pragma once

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::test {

struct PrometheusText {
  std::vector<std::string> problems;
  std::map<std::string, double> samples;  // "name{a=\"x\",b=\"y\"}" (as written) -> value
};

namespace detail {

inline bool is_metric_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
inline bool is_metric_char(char c) { return is_metric_start(c) || (c >= '0' && c <= '9'); }

inline bool parse_value(const std::string& text, double& out) {
  if (text == "+Inf" || text == "-Inf" || text == "NaN") {
    out = text == "-Inf" ? -1e308 : 1e308;
    return true;
  }
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

inline std::string family_of(const std::string& name,
                             const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      std::string base = name.substr(0, name.size() - s.size());
      auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
    }
  }
  return name;
}

}  // namespace detail

// Parses Prometheus text: every line a comment, a HELP/TYPE line or a sample; every sample of a
// declared family; histogram buckets cumulative with +Inf equal to _count.
inline PrometheusText check_prometheus_text(const std::string& text) {
  PrometheusText out;
  auto problem = [&](std::size_t line_no, const std::string& what) {
    out.problems.push_back("line " + std::to_string(line_no) + ": " + what);
  };
  if (text.empty() || text.back() != '\n') out.problems.push_back("does not end with a newline");
  std::map<std::string, std::string> types;
  // histogram series key (name + labels without le) -> (last bucket value, +Inf value)
  std::map<std::string, std::vector<double>> buckets;
  std::map<std::string, double> counts;
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.rfind("# TYPE ", 0) == 0) {
        std::string rest = line.substr(7);
        std::size_t sp = rest.find(' ');
        std::string name = rest.substr(0, sp),
                    type = sp == std::string::npos ? "" : rest.substr(sp + 1);
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                     "untyped"};
        if (!kTypes.count(type)) problem(line_no, "bad type '" + type + "'");
        if (types.count(name)) problem(line_no, "second TYPE for " + name);
        types[name] = type;
      }
      continue;
    }
    std::size_t i = 0;
    if (!detail::is_metric_start(line[0])) {
      problem(line_no, "bad metric name");
      continue;
    }
    while (i < line.size() && detail::is_metric_char(line[i])) ++i;
    std::string name = line.substr(0, i);
    std::string labels_wo_le, le;
    bool ok = true;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (ok && i < line.size() && line[i] != '}') {
        std::size_t name_start = i;
        while (i < line.size() && (detail::is_metric_char(line[i]) && line[i] != ':')) ++i;
        std::string label = line.substr(name_start, i - name_start);
        if (label.empty() || (label[0] >= '0' && label[0] <= '9') || i + 1 >= line.size() ||
            line[i] != '=' || line[i + 1] != '"') {
          ok = false;
          break;
        }
        i += 2;
        std::string value;
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\') {
            if (i + 1 >= line.size() ||
                std::string("\\\"n").find(line[i + 1]) == std::string::npos) {
              ok = false;
              break;
            }
            ++i;
          }
          value += line[i++];
        }
        if (!ok || i >= line.size()) {
          ok = false;
          break;
        }
        ++i;  // closing quote
        if (label == "le") {
          le = value;
        } else {
          labels_wo_le += label + "=" + value + ",";
        }
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (!ok || i >= line.size() || line[i] != '}') {
        problem(line_no, "bad label set");
        continue;
      }
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      problem(line_no, "no space before the value");
      continue;
    }
    std::string rest = line.substr(i + 1);
    std::string value_text = rest.substr(0, rest.find(' '));
    double value = 0;
    if (!detail::parse_value(value_text, value)) {
      problem(line_no, "bad value '" + value_text + "'");
      continue;
    }
    out.samples[line.substr(0, i)] = value;
    std::string family = detail::family_of(name, types);
    auto type = types.find(family);
    if (type == types.end()) {
      problem(line_no, "sample of undeclared family " + family);
      continue;
    }
    if (type->second == "histogram") {
      std::string series = family + "{" + labels_wo_le + "}";
      if (name == family + "_bucket") {
        double bound = 0;
        if (le.empty() || !detail::parse_value(le, bound)) problem(line_no, "bucket without le");
        auto& values = buckets[series];
        if (!values.empty() && value < values.back()) problem(line_no, "buckets not cumulative");
        values.push_back(value);
        if (le == "+Inf") counts[series + "inf"] = value;
      } else if (name == family + "_count") {
        counts[series] = value;
      }
    }
  }
  for (const auto& [series, values] : buckets) {
    if (!counts.count(series + "inf"))
      out.problems.push_back(series + ": no +Inf bucket");
    else if (counts[series + "inf"] != counts[series])
      out.problems.push_back(series + ": +Inf bucket differs from _count");
  }
  return out;
}

namespace detail {

inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
inline bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Character data: no '<', entities only the predefined five or character references, no
// control characters XML forbids.
inline std::string check_xml_chars(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character";
    if (c == '<') return "raw '<' in text";
    if (c != '&') continue;
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) return "unterminated entity";
    std::string_view entity = text.substr(i + 1, semi - i - 1);
    bool ok =
        entity == "amp" || entity == "lt" || entity == "gt" || entity == "quot" || entity == "apos";
    if (!ok && entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x';
      std::string_view digits = entity.substr(hex ? 2 : 1);
      ok = !digits.empty();
      for (char d : digits) {
        ok = ok && ((d >= '0' && d <= '9') ||
                    (hex && ((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))));
      }
    }
    if (!ok) return "bad entity '&" + std::string(entity) + ";'";
    i = semi;
  }
  return "";
}

}  // namespace detail

struct XmlCheck {
  std::vector<std::string> problems;
  std::string root;                   // name of the root element
  std::vector<std::string> elements;  // every element name, in document order
};

// A well-formedness check: one root element, tags nested and matched, attributes quoted and
// unique, character data and attribute values properly escaped. No DTDs.
inline XmlCheck check_xml(std::string_view xml) {
  XmlCheck out;
  auto fail = [&](std::size_t at, const std::string& what) {
    out.problems.push_back("offset " + std::to_string(at) + ": " + what);
    return out;
  };
  std::vector<std::string> stack;
  std::size_t i = 0;
  if (xml.rfind("<?xml", 0) == 0) {
    i = xml.find("?>");
    if (i == std::string_view::npos) return fail(0, "unterminated declaration");
    i += 2;
  }
  bool root_closed = false;
  while (i < xml.size()) {
    std::size_t lt = xml.find('<', i);
    std::string_view text = xml.substr(i, (lt == std::string_view::npos ? xml.size() : lt) - i);
    if (stack.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return fail(i, "text outside the root element");
    }
    if (std::string p = detail::check_xml_chars(text); !p.empty()) return fail(i, p);
    if (lt == std::string_view::npos) break;
    i = lt;
    if (xml.substr(i, 4) == "<!--") {
      std::size_t end = xml.find("-->", i + 4);
      if (end == std::string_view::npos) return fail(i, "unterminated comment");
      i = end + 3;
      continue;
    }
    if (xml.substr(i, 9) == "<![CDATA[") {
      if (stack.empty()) return fail(i, "CDATA outside the root element");
      std::size_t end = xml.find("]]>", i + 9);
      if (end == std::string_view::npos) return fail(i, "unterminated CDATA");
      i = end + 3;
      continue;
    }
    if (xml.substr(i, 2) == "<?") {
      std::size_t end = xml.find("?>", i + 2);
      if (end == std::string_view::npos) return fail(i, "unterminated processing instruction");
      i = end + 2;
      continue;
    }
    bool closing = xml.substr(i, 2) == "</";
    std::size_t j = i + (closing ? 2 : 1);
    std::size_t name_start = j;
    if (j >= xml.size() || !detail::is_name_start(xml[j])) return fail(j, "bad tag name");
    while (j < xml.size() && detail::is_name_char(xml[j])) ++j;
    std::string name(xml.substr(name_start, j - name_start));
    if (closing) {
      while (j < xml.size() && std::string_view(" \t\r\n").find(xml[j]) != std::string_view::npos)
        ++j;
      if (j >= xml.size() || xml[j] != '>') return fail(j, "bad end tag");
      if (stack.empty() || stack.back() != name) return fail(i, "mismatched </" + name + ">");
      stack.pop_back();
      if (stack.empty()) root_closed = true;
      i = j + 1;
      continue;
    }
    if (root_closed || (stack.empty() && !out.root.empty())) return fail(i, "second root element");
    std::set<std::string> attributes;
    bool self_closing = false;
    while (true) {
      std::size_t before = j;
      while (j < xml.size() && std::string_view(" \t\r\n").find(xml[j]) != std::string_view::npos)
        ++j;
      if (j >= xml.size()) return fail(j, "unterminated tag");
      if (xml[j] == '>') break;
      if (xml.substr(j, 2) == "/>") {
        self_closing = true;
        ++j;
        break;
      }
      if (j == before) return fail(j, "attributes must be separated by space");
      std::size_t attr_start = j;
      if (!detail::is_name_start(xml[j])) return fail(j, "bad attribute name");
      while (j < xml.size() && detail::is_name_char(xml[j])) ++j;
      std::string attr(xml.substr(attr_start, j - attr_start));
      if (!attributes.insert(attr).second) return fail(j, "duplicate attribute " + attr);
      if (j + 1 >= xml.size() || xml[j] != '=' || (xml[j + 1] != '"' && xml[j + 1] != '\'')) {
        return fail(j, "attribute " + attr + " is not name=\"value\"");
      }
      char quote = xml[j + 1];
      std::size_t close = xml.find(quote, j + 2);
      if (close == std::string_view::npos) return fail(j, "unterminated attribute value");
      if (std::string p = detail::check_xml_chars(xml.substr(j + 2, close - j - 2)); !p.empty()) {
        return fail(j, p);
      }
      j = close + 1;
    }
    if (out.root.empty()) out.root = name;
    out.elements.push_back(name);
    if (!self_closing)
      stack.push_back(name);
    else if (stack.empty())
      root_closed = true;
    i = j + 1;
  }
  if (out.root.empty()) return fail(0, "no root element");
  if (!stack.empty()) return fail(xml.size(), "unclosed <" + stack.back() + ">");
  return out;
}

}  // namespace dateline::test
