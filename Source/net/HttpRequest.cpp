#include "net/HttpRequest.h"

namespace wavelift::net
{
Request Request::get (juce::URL url)
{
    Request request;
    request.url = std::move (url);
    return request;
}

Request Request::post (juce::URL url, std::shared_ptr<const RequestBody> body)
{
    Request request;
    request.method = "POST";
    request.url = std::move (url);
    request.body = std::move (body);
    return request;
}
} // namespace wavelift::net
