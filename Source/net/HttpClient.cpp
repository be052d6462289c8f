#include "net/HttpClient.h"

#include "net/Redaction.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <unistd.h>

namespace wavelift::net
{
namespace
{
    using Clock = std::chrono::steady_clock;

    constexpr std::size_t maxErrorBodyInMemory = 1024 * 1024;
    constexpr long transferBufferSize = 256 * 1024;

    void initialiseCurlOnce()
    {
        static std::once_flag once;
        std::call_once (once, [] { curl_global_init (CURL_GLOBAL_DEFAULT); });
    }

    struct EasyDeleter
    {
        void operator() (CURL* easy) const { curl_easy_cleanup (easy); }
    };
    struct MultiDeleter
    {
        void operator() (CURLM* multi) const { curl_multi_cleanup (multi); }
    };
    struct ListDeleter
    {
        void operator() (curl_slist* list) const { curl_slist_free_all (list); }
    };
    struct UrlDeleter
    {
        void operator() (CURLU* url) const { curl_url_cleanup (url); }
    };

    /** scheme, host and port of a URL as curl parses it; empty strings when it does not parse. */
    struct Origin
    {
        std::string scheme, host, port;
        bool operator== (const Origin&) const = default;
    };

    std::string urlPart (CURLU* url, CURLUPart part, unsigned flags = 0)
    {
        char* text = nullptr;
        if (curl_url_get (url, part, &text, flags) != CURLUE_OK || text == nullptr)
            return {};
        std::string value (text);
        curl_free (text);
        return value;
    }

    Origin originOf (const std::string& url)
    {
        std::unique_ptr<CURLU, UrlDeleter> parsed (curl_url());
        if (curl_url_set (parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
            return {};
        auto host = urlPart (parsed.get(), CURLUPART_HOST);
        std::transform (host.begin(), host.end(), host.begin(), [] (unsigned char c) { return std::tolower (c); });
        return { urlPart (parsed.get(), CURLUPART_SCHEME), host,
                 urlPart (parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT) };
    }

    /** Resolves a Location value against the URL that sent it; empty when the result is not http(s). */
    std::string resolveLocation (const std::string& base, const std::string& location)
    {
        std::unique_ptr<CURLU, UrlDeleter> parsed (curl_url());
        if (curl_url_set (parsed.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK
            || curl_url_set (parsed.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK)
            return {};
        const auto scheme = urlPart (parsed.get(), CURLUPART_SCHEME);
        if (scheme != "http" && scheme != "https")
            return {};
        return urlPart (parsed.get(), CURLUPART_URL);
    }

    /** "METHOD scheme://host:port/path" with no query: safe for error messages. */
    std::string whereForMessage (const std::string& method, const std::string& url)
    {
        std::unique_ptr<CURLU, UrlDeleter> parsed (curl_url());
        if (curl_url_set (parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
            return method + " (malformed URL)";
        auto where =
            method + " " + urlPart (parsed.get(), CURLUPART_SCHEME) + "://" + urlPart (parsed.get(), CURLUPART_HOST);
        if (const auto port = urlPart (parsed.get(), CURLUPART_PORT); !port.empty())
            where += ":" + port;
        return where + urlPart (parsed.get(), CURLUPART_PATH);
    }

    /** The parts of a request that change from one redirect hop to the next. */
    struct Hop
    {
        std::string method;
        std::string url;
        HttpHeaders headers;
        std::shared_ptr<const RequestBody> body;
    };

    /** One HTTP exchange on one curl easy handle. */
    class Transfer
    {
    public:
        Transfer (const ClientOptions& options, const Request& request, const Hop& hop, std::stop_token stop)
            : options_ (options)
            , request_ (request)
            , hop_ (hop)
            , stop_ (std::move (stop))
        {
        }

        HttpResult run()
        {
            if (stop_.stop_requested())
                return fail (NetError::cancelled, "cancelled before the request started");

            easy_.reset (curl_easy_init());
            multi_.reset (curl_multi_init());
            if (easy_ == nullptr || multi_ == nullptr)
                return fail (NetError::other, "libcurl could not create a handle");

            if (hop_.body != nullptr)
            {
                std::string error;
                reader_ = hop_.body->open (error);
                if (reader_ == nullptr)
                    return fail (NetError::localFile, error);
                bodySize_ = hop_.body->size();
            }

            configure();
            const auto code = drive();
            return finish (code);
        }

    private:
        void configure()
        {
            auto* easy = easy_.get();
            curl_easy_setopt (easy, CURLOPT_URL, hop_.url.c_str());
            curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
            curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
            curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errorBuffer_);
            curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
            curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, transferBufferSize);
            curl_easy_setopt (easy, CURLOPT_UPLOAD_BUFFERSIZE, transferBufferSize);
            if (!options_.userAgent.empty())
                curl_easy_setopt (easy, CURLOPT_USERAGENT, options_.userAgent.c_str());

            const auto& timeouts = request_.timeouts;
            curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long> (timeouts.connect.count()));
            if (timeouts.total.count() > 0)
                curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, static_cast<long> (timeouts.total.count()));

            configureMethodAndBody();
            configureHeaders();

            curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeaderLine);
            curl_easy_setopt (easy, CURLOPT_HEADERDATA, this);
            curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, &Transfer::onBodyChunk);
            curl_easy_setopt (easy, CURLOPT_WRITEDATA, this);
            curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, &Transfer::onProgress);
            curl_easy_setopt (easy, CURLOPT_XFERINFODATA, this);
        }

        void configureMethodAndBody()
        {
            auto* easy = easy_.get();
            const auto& method = hop_.method;
            if (reader_ != nullptr)
            {
                curl_easy_setopt (easy, CURLOPT_POST, 1L);
                curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t> (bodySize_));
                curl_easy_setopt (easy, CURLOPT_READFUNCTION, &Transfer::onReadBody);
                curl_easy_setopt (easy, CURLOPT_READDATA, this);
                curl_easy_setopt (easy, CURLOPT_SEEKFUNCTION, &Transfer::onSeekBody);
                curl_easy_setopt (easy, CURLOPT_SEEKDATA, this);
                if (method != "POST")
                    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method.c_str());
            }
            else if (method == "GET")
                curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
            else if (method == "HEAD")
                curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
            else if (method == "POST" || method == "PUT" || method == "PATCH")
            {
                // An empty body, still announced with Content-Length: 0.
                curl_easy_setopt (easy, CURLOPT_POSTFIELDS, "");
                curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{ 0 });
                if (method != "POST")
                    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method.c_str());
            }
            else
                curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method.c_str());
        }

        void configureHeaders()
        {
            curl_slist* list = nullptr;
            const auto append = [&list] (const std::string& line) { list = curl_slist_append (list, line.c_str()); };

            for (const auto& field : hop_.headers)
                append (field.value.empty() ? field.name + ";" : field.name + ": " + field.value);

            const bool sendsBodyHeaders =
                reader_ != nullptr || hop_.method == "POST" || hop_.method == "PUT" || hop_.method == "PATCH";
            if (sendsBodyHeaders && !hop_.headers.contains ("Content-Type"))
            {
                const auto type = hop_.body != nullptr ? hop_.body->contentType() : std::string();
                // "Content-Type:" removes the form type curl would otherwise add to every POST.
                append (type.empty() ? std::string ("Content-Type:") : "Content-Type: " + type);
            }
            if (!request_.expectContinue && !hop_.headers.contains ("Expect"))
                append ("Expect:");

            headerList_.reset (list);
            curl_easy_setopt (easy_.get(), CURLOPT_HTTPHEADER, list);
        }

        CURLcode drive()
        {
            curl_multi_add_handle (multi_.get(), easy_.get());
            // Wakes curl_multi_poll at once when a stop is requested from another thread.
            const std::stop_callback wake (stop_, [multi = multi_.get()] { curl_multi_wakeup (multi); });

            const auto stallWindow = request_.timeouts.stall;
            int running = 1;
            while (running != 0)
            {
                if (stop_.stop_requested())
                {
                    cancelled_ = true;
                    break;
                }
                if (curl_multi_perform (multi_.get(), &running) != CURLM_OK)
                    break;
                if (running == 0)
                    break;
                if (stallWindow.count() > 0 && hasStalled (stallWindow))
                {
                    stalled_ = true;
                    break;
                }
                curl_multi_poll (multi_.get(), nullptr, 0, 200, nullptr);
            }

            CURLcode code = CURLE_OK;
            int queued = 0;
            bool done = false;
            while (const auto* message = curl_multi_info_read (multi_.get(), &queued))
                if (message->msg == CURLMSG_DONE)
                {
                    code = message->data.result;
                    done = true;
                }
            curl_multi_remove_handle (multi_.get(), easy_.get());
            if (!done && !cancelled_ && !stalled_)
                code = CURLE_ABORTED_BY_CALLBACK;
            return code;
        }

        bool hasStalled (std::chrono::milliseconds window)
        {
            const auto now = Clock::now();
            if (!connected_)
            {
                curl_off_t connectTime = 0;
                curl_easy_getinfo (easy_.get(), CURLINFO_CONNECT_TIME_T, &connectTime);
                if (connectTime == 0)
                    return false; // the connect timeout governs this phase
                connected_ = true;
                lastActivity_ = now;
                return false;
            }
            return now - lastActivity_ > window;
        }

        HttpResult finish (CURLcode code)
        {
            closeFile();
            if (cancelled_ || (code == CURLE_ABORTED_BY_CALLBACK && stop_.stop_requested()))
                return failAndClean (NetError::cancelled, "cancelled");
            if (stalled_)
                return failAndClean (NetError::stalled,
                                     "no data moved for " + std::to_string (request_.timeouts.stall.count()) + " ms");
            if (!localError_.empty())
                return failAndClean (NetError::localFile, localError_);
            if (code != CURLE_OK)
                return failAndClean (classify (code), curlMessage (code));

            reportProgress (true);
            response_.url = juce::URL::createWithoutParsing (hop_.url);
            return std::move (response_);
        }

        NetError classify (CURLcode code) const
        {
            switch (static_cast<int> (code)) // int: curl has far more codes than this needs
            {
                case CURLE_COULDNT_RESOLVE_HOST:
                case CURLE_COULDNT_RESOLVE_PROXY: return NetError::couldNotResolve;
                case CURLE_COULDNT_CONNECT: return NetError::couldNotConnect;
                case CURLE_OPERATION_TIMEDOUT: return NetError::timedOut;
                case CURLE_SSL_CONNECT_ERROR:
                case CURLE_PEER_FAILED_VERIFICATION:
                case CURLE_SSL_CERTPROBLEM:
                case CURLE_SSL_CIPHER:
                case CURLE_SSL_CACERT_BADFILE:
                case CURLE_SSL_ENGINE_NOTFOUND:
                case CURLE_SSL_ENGINE_SETFAILED:
                case CURLE_SSL_ENGINE_INITFAILED:
                case CURLE_SSL_SHUTDOWN_FAILED:
                case CURLE_SSL_CRL_BADFILE:
                case CURLE_SSL_ISSUER_ERROR:
                case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
                case CURLE_SSL_INVALIDCERTSTATUS:
                case CURLE_SSL_CLIENTCERT:
                case CURLE_USE_SSL_FAILED: return NetError::tls;
                case CURLE_SEND_ERROR:
                case CURLE_RECV_ERROR:
                case CURLE_GOT_NOTHING:
                case CURLE_PARTIAL_FILE:
                case CURLE_HTTP2:
                case CURLE_HTTP2_STREAM:
                    // Everything handed to curl counts as sent: when in doubt, the request is ambiguous.
                    return (code != CURLE_PARTIAL_FILE && uploaded_ < bodySize_)
                               ? NetError::connectionResetBeforeBodySent
                               : NetError::connectionResetAfterBodySent;
                default: return NetError::other;
            }
        }

        std::string curlMessage (CURLcode code) const
        {
            const std::string text = errorBuffer_[0] != '\0' ? errorBuffer_ : curl_easy_strerror (code);
            return text + " (" + whereForMessage (hop_.method, hop_.url) + ")";
        }

        HttpResult fail (NetError error, const std::string& what) const
        {
            return NetFailure{ error, what + " (" + whereForMessage (hop_.method, hop_.url) + ")" };
        }

        HttpResult failAndClean (NetError error, const std::string& what)
        {
            if (fileOpened_)
                ::unlink (request_.sink.file.c_str());
            if (error == NetError::localFile || error == NetError::cancelled || error == NetError::stalled)
                return fail (error, what);
            return NetFailure{ error, what };
        }

        //==============================================================================================================
        enum class Destination
        {
            undecided,
            discard,
            memory,
            cappedMemory,
            file,
            callback
        };

        bool willFollow() const
        {
            return request_.redirects.follow && response_.isRedirect() && response_.headers.contains ("Location");
        }

        bool decideDestination()
        {
            if (willFollow())
                destination_ = Destination::discard;
            else if (request_.sink.kind == ResponseSink::Kind::memory)
                destination_ = Destination::memory;
            else if (!response_.isSuccess())
                destination_ = Destination::cappedMemory;
            else if (request_.sink.kind == ResponseSink::Kind::callback)
                destination_ = Destination::callback;
            else
                return openFile();
            return true;
        }

        bool openFile()
        {
            destination_ = Destination::file;
            fd_ = ::open (request_.sink.file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (fd_ < 0)
            {
                localError_ = "cannot write " + request_.sink.file.string() + ": " + std::strerror (errno);
                return false;
            }
            fileOpened_ = true;
            return true;
        }

        void closeFile()
        {
            if (fd_ >= 0 && ::close (fd_) != 0 && localError_.empty())
                localError_ = "cannot write " + request_.sink.file.string() + ": " + std::strerror (errno);
            fd_ = -1;
        }

        bool writeToFile (const char* data, std::size_t size)
        {
            while (size > 0)
            {
                const auto written = ::write (fd_, data, size);
                if (written < 0 && errno == EINTR)
                    continue;
                if (written <= 0)
                {
                    localError_ = "cannot write " + request_.sink.file.string() + ": " + std::strerror (errno);
                    return false;
                }
                data += written;
                size -= static_cast<std::size_t> (written);
            }
            return true;
        }

        static size_t onHeaderLine (char* data, size_t size, size_t count, void* self)
        {
            auto& transfer = *static_cast<Transfer*> (self);
            const std::string_view line (data, size * count);
            transfer.lastActivity_ = Clock::now();

            if (line.rfind ("HTTP/", 0) == 0)
            {
                // A new status line: an interim 1xx or the next response. Keep only the latest one's fields.
                auto& response = transfer.response_;
                response.headers.clear();
                response.reason.clear();
                const auto firstSpace = line.find (' ');
                if (firstSpace != std::string_view::npos)
                {
                    auto rest = line.substr (firstSpace + 1);
                    response.status = std::atoi (std::string (rest.substr (0, 3)).c_str());
                    if (rest.size() > 4)
                    {
                        auto reason = rest.substr (4);
                        while (!reason.empty() && (reason.back() == '\r' || reason.back() == '\n'))
                            reason.remove_suffix (1);
                        response.reason = std::string (reason);
                    }
                }
                transfer.destination_ = Destination::undecided;
            }
            else if (line == "\r\n" || line == "\n")
            {
                if (transfer.response_.status >= 200 && !transfer.decideDestination())
                    return 0;
            }
            else
                transfer.response_.headers.addReceivedLine (line);
            return size * count;
        }

        static size_t onBodyChunk (char* data, size_t size, size_t count, void* self)
        {
            auto& transfer = *static_cast<Transfer*> (self);
            const auto bytes = size * count;
            transfer.lastActivity_ = Clock::now();
            auto& response = transfer.response_;

            if (transfer.destination_ == Destination::undecided && !transfer.decideDestination())
                return 0;
            switch (transfer.destination_)
            {
                case Destination::undecided:
                case Destination::discard: break;
                case Destination::memory: response.body.append (data, bytes); break;
                case Destination::cappedMemory:
                    response.body.append (
                        data,
                        std::min (bytes, maxErrorBodyInMemory - std::min (maxErrorBodyInMemory, response.body.size())));
                    break;
                case Destination::file:
                    response.bodyStreamed = true;
                    if (!transfer.writeToFile (data, bytes))
                        return 0;
                    break;
                case Destination::callback:
                    response.bodyStreamed = true;
                    if (!transfer.request_.sink.callback (data, bytes))
                    {
                        transfer.localError_ = "the response consumer refused the data";
                        return 0;
                    }
                    break;
            }
            return bytes;
        }

        static size_t onReadBody (char* buffer, size_t size, size_t count, void* self)
        {
            auto& transfer = *static_cast<Transfer*> (self);
            const auto got = transfer.reader_->read (buffer, size * count);
            if (got == 0 && !transfer.reader_->error().empty())
            {
                transfer.localError_ = transfer.reader_->error();
                return CURL_READFUNC_ABORT;
            }
            return got;
        }

        static int onSeekBody (void* self, curl_off_t offset, int origin)
        {
            auto& transfer = *static_cast<Transfer*> (self);
            if (origin != SEEK_SET || offset < 0)
                return CURL_SEEKFUNC_CANTSEEK;
            return transfer.reader_->seek (static_cast<std::uint64_t> (offset)) ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL;
        }

        static int onProgress (void* self, curl_off_t downloadTotal, curl_off_t downloaded, curl_off_t,
                               curl_off_t uploaded)
        {
            auto& transfer = *static_cast<Transfer*> (self);
            if (transfer.stop_.stop_requested())
                return 1;
            const auto up = static_cast<std::uint64_t> (uploaded), down = static_cast<std::uint64_t> (downloaded);
            if (up != transfer.uploaded_ || down != transfer.downloaded_)
                transfer.lastActivity_ = Clock::now();
            transfer.uploaded_ = up;
            transfer.downloaded_ = down;
            transfer.downloadTotal_ = downloadTotal > 0 ? std::optional<std::uint64_t> (downloadTotal) : std::nullopt;
            transfer.reportProgress (false);
            return 0;
        }

        void reportProgress (bool final)
        {
            if (final)
            {
                curl_off_t up = 0, down = 0, length = -1;
                curl_easy_getinfo (easy_.get(), CURLINFO_SIZE_UPLOAD_T, &up);
                curl_easy_getinfo (easy_.get(), CURLINFO_SIZE_DOWNLOAD_T, &down);
                curl_easy_getinfo (easy_.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
                uploaded_ = static_cast<std::uint64_t> (up);
                downloaded_ = static_cast<std::uint64_t> (down);
                if (length >= 0)
                    downloadTotal_ = static_cast<std::uint64_t> (length);
            }
            const Progress now{ uploaded_, bodySize_, downloaded_, downloadTotal_ };
            if (request_.onProgress && (!lastReported_ || !(*lastReported_ == now)))
            {
                lastReported_ = now;
                request_.onProgress (now);
            }
        }

        const ClientOptions& options_;
        const Request& request_;
        const Hop& hop_;
        std::stop_token stop_;

        std::unique_ptr<CURLM, MultiDeleter> multi_;
        std::unique_ptr<CURL, EasyDeleter> easy_;
        std::unique_ptr<curl_slist, ListDeleter> headerList_;
        std::unique_ptr<BodyReader> reader_;
        char errorBuffer_[CURL_ERROR_SIZE] = {};

        Response response_;
        Destination destination_ = Destination::undecided;
        int fd_ = -1;
        bool fileOpened_ = false;
        std::string localError_;

        std::uint64_t bodySize_ = 0, uploaded_ = 0, downloaded_ = 0;
        std::optional<std::uint64_t> downloadTotal_;
        std::optional<Progress> lastReported_;
        Clock::time_point lastActivity_ = Clock::now();
        bool connected_ = false, cancelled_ = false, stalled_ = false;
    };
} // namespace

HttpClient::HttpClient (ClientOptions options)
    : options_ (std::move (options))
{
    initialiseCurlOnce();
}

HttpResult HttpClient::perform (const Request& request, std::stop_token stop) const
{
    Hop hop{ request.method, request.url.toString (true).toStdString(), request.headers, request.body };
    std::vector<juce::URL> followed;

    for (int hopsFollowed = 0;; ++hopsFollowed)
    {
        auto result = Transfer (options_, request, hop, stop).run();
        if (options_.log)
            options_.log (describeOutcomeForLog (hop.method, hop.url, result));
        if (!result.ok())
            return result;

        auto& response = result.response();
        const auto location = response.headers.get ("Location");
        if (!request.redirects.follow || !response.isRedirect() || !location)
        {
            response.redirectsFollowed = std::move (followed);
            return result;
        }
        if (hopsFollowed >= request.redirects.maxRedirects)
            return NetFailure{ NetError::tooManyRedirects,
                               "more than " + std::to_string (request.redirects.maxRedirects) + " redirects ("
                                   + whereForMessage (request.method, request.url.toString (true).toStdString())
                                   + ")" };

        const auto next = resolveLocation (hop.url, *location);
        if (next.empty())
            return NetFailure{ NetError::other, "a redirect pointed at an unusable location ("
                                                    + whereForMessage (hop.method, hop.url) + ")" };

        if (!(originOf (next) == originOf (hop.url)))
        {
            // Credentials never follow a redirect to another scheme, host or port.
            hop.headers.remove ("Authorization");
            hop.headers.remove ("Cookie");
        }
        const bool becomesGet = (response.status == 303 && hop.method != "HEAD")
                                || ((response.status == 301 || response.status == 302) && hop.method == "POST");
        if (becomesGet)
        {
            hop.method = "GET";
            hop.body = nullptr;
            hop.headers.remove ("Content-Type");
        }
        hop.url = next;
        followed.push_back (juce::URL::createWithoutParsing (next));
    }
}
} // namespace wavelift::net
