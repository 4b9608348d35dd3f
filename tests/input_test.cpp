#include "indexer/input.h"

#include <fstream>
#include <iterator>

#include <boost/test/unit_test.hpp>
#include <zlib.h>
#include <zstd.h>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

std::string detected(const std::string& path, std::string_view head) {
  return format_name(detect_format(path, head));
}

std::string read_all(Input& input) {
  return {std::istreambuf_iterator<char>(input.stream()), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(input)

BOOST_AUTO_TEST_CASE(decompresses_gzip_and_zstd_whatever_the_name) {
  test::TempDir dir;
  std::string text(100000, 'x');
  text += "\nend\n";
  auto gz = open_input_file(dir.write_file("a.jsonl", gzip(text) + gzip("more\n")));
  BOOST_TEST(read_all(*gz) == text + "more\n");  // concatenated members
  BOOST_TEST(gz->error() == "");
  auto zst = open_input_file(dir.write_file("b.txt", zstd(text)));
  BOOST_TEST(zst->head().size() == 4096u);
  BOOST_TEST(read_all(*zst) == text);
  auto plain = open_input_file(dir.write_file("c.jsonl", "{}\n"));
  BOOST_TEST(read_all(*plain) == "{}\n");
  BOOST_TEST(plain->bytes_read() == 3u);
}

BOOST_AUTO_TEST_CASE(reports_truncated_compressed_input) {
  test::TempDir dir;
  std::string packed = gzip(std::string(5000, 'y'));
  auto gz = open_input_file(dir.write_file("t.gz", packed.substr(0, packed.size() / 2)));
  read_all(*gz);
  BOOST_TEST(gz->error() == "truncated gzip data");
  std::string zpacked = zstd(std::string(5000, 'y') + "tail");
  auto zs = open_input_file(dir.write_file("t.zst", zpacked.substr(0, zpacked.size() - 3)));
  read_all(*zs);
  BOOST_TEST(zs->error() == "truncated zstd data");
}

BOOST_AUTO_TEST_CASE(detects_formats_by_extension_then_content) {
  BOOST_TEST(detected("a.jsonl.gz", "[") == "jsonl");
  BOOST_TEST(detected("a.CSV", "") == "csv");
  BOOST_TEST(detected("a.tsv.zst", "") == "tsv");
  BOOST_TEST(detected("page.htm", "") == "html");
  BOOST_TEST(detected("dump.json", "\xEF\xBB\xBF \n[{") == "json");
  BOOST_TEST(detected("dump.json", "{\"id\":1}\n") == "jsonl");
  BOOST_TEST(detected("feed", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">") == "rss");
  BOOST_TEST(detected("feed.xml", "<?xml version=\"1.0\"?><feed xmlns=\"x\">") == "atom");
  BOOST_TEST(detected("index", "<!DOCTYPE html><html>") == "html");
  BOOST_TEST(detected("-", "{}") == "jsonl");
  BOOST_TEST(format_name(*parse_format("atom")) == std::string("atom"));
  BOOST_TEST(!parse_format("xml"));
}

BOOST_AUTO_TEST_CASE(expands_directories_to_input_files_sorted_without_hidden_files) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "in/sub");
  std::filesystem::create_directories(dir.path() / "in/.git");
  dir.write_file("in/b.jsonl", "");
  dir.write_file("in/a.jsonl", "");
  dir.write_file("in/.hidden.jsonl", "");
  dir.write_file("in/.git/config", "");
  dir.write_file("in/sub/c.html", "");
  dir.write_file("in/sub/d.xml.gz", "");
  dir.write_file("in/README.md", "# not articles");
  dir.write_file("in/notes", "");
  std::string lone = dir.write_file("lone.csv", "");
  std::string named = dir.write_file("feed-without-extension", "");
  std::vector<std::string> expected = {lone,
                                       dir.str("in/a.jsonl"),
                                       dir.str("in/b.jsonl"),
                                       dir.str("in/sub/c.html"),
                                       dir.str("in/sub/d.xml.gz"),
                                       named,
                                       "-"};
  BOOST_TEST(expand_inputs({lone, dir.str("in"), named, "-"}) == expected,
             boost::test_tools::per_element());
  BOOST_CHECK_THROW(expand_inputs({dir.str("nope")}), Error);
}

BOOST_AUTO_TEST_CASE(stops_decompressing_at_the_size_limit) {
  test::TempDir dir;
  std::string zeros(8u << 20, '\0');
  InputLimits limits;
  limits.max_decompressed_bytes = 1u << 20;
  for (const std::string& path :
       {dir.write_file("bomb.jsonl.gz", gzip(zeros)), dir.write_file("bomb.zst", zstd(zeros))}) {
    auto input = open_input_file(path, limits);
    BOOST_TEST(read_all(*input).size() <= (1u << 20));
    BOOST_TEST(input->error() == "decompressed size exceeds 1048576 bytes");
  }
}

BOOST_AUTO_TEST_CASE(stops_decompressing_past_the_ratio_limit) {
  test::TempDir dir;
  std::string path = dir.write_file("bomb.gz", gzip(std::string(80u << 20, '\0')));
  InputLimits limits;
  limits.max_decompression_ratio = 100;
  auto input = open_input_file(path, limits);
  BOOST_TEST(read_all(*input).size() <= (65u << 20));
  BOOST_TEST(input->error() == "decompression ratio exceeds 100:1");
  // Ordinary text is far below any sane ratio.
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"T\"}\n";
  auto plain = open_input_file(dir.write_file("ok.jsonl.gz", gzip(text)));
  BOOST_TEST(read_all(*plain) == text);
  BOOST_TEST(plain->error().empty());
}

BOOST_AUTO_TEST_SUITE_END()
