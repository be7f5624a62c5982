#include "render_window.hpp"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include "patella/core/error.hpp"
#include "patella/viz/plots.hpp"

// last: Xlib defines macros (Status, None, Bool, Success) that other headers must not see
#include <X11/Xlib.h>

namespace patella::viz {
namespace {
// True unless DISPLAY names a local X server (":N", "unix:N") whose socket nobody listens
// on: VTK 9.1 crashes (SIGSEGV) on a stale DISPLAY, e.g. an xvfb-run that has exited.
// Remote displays (host:N, ssh forwarding) are trusted rather than probed over the network.
bool local_display_reachable(const std::string& display) {
  const size_t colon = display.rfind(':');
  if (colon == std::string::npos) return true;
  const std::string host = display.substr(0, colon);
  if (!host.empty() && host != "unix") return true;
  std::string number = display.substr(colon + 1);
  number = number.substr(0, number.find('.'));  // drop the screen, ":0.1" -> "0"
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos)
    return true;  // unusual syntax: let Xlib interpret it
  const std::string path = "/tmp/.X11-unix/X" + number;
  // The filesystem socket first, then Linux's abstract one (same name after a NUL byte).
  for (int abstract = 0; abstract < 2; ++abstract) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path + abstract, path.c_str(), path.size());
    const socklen_t len =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + abstract + path.size());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return true;  // cannot probe; do not block rendering on that
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len) == 0;
    ::close(fd);
    if (ok) return true;
  }
  return false;
}

}  // namespace

XConnection::XConnection(const std::string& what) {
  if (!can_render()) throw DisplayError(what + ": cannot render: no X display (run under xvfb-run -a)");
  const std::string name = std::getenv("DISPLAY");
  if (!local_display_reachable(name))
    throw DisplayError(what + ": cannot render: X display '" + name +
                  "' is not reachable (run under xvfb-run -a)");
  for (int attempt = 0; attempt < 50 && !display_; ++attempt) {
    display_ = XOpenDisplay(nullptr);
    if (!display_) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!display_)
    throw DisplayError(what + ": cannot render: X display '" + name +
                  "' refused the connection for 5 s (run under xvfb-run -a)");
}

XConnection::~XConnection() {
  if (display_) XCloseDisplay(display_);
}

void make_offscreen(vtkRenderWindow* window, const XConnection& x, int width, int height,
                    int multisamples) {
  window->SetDisplayId(x.id());
  window->SetInteractor(nullptr);    // offscreen: no events, no interactor display
  window->SetOffScreenRendering(1);  // never pop up a window; works under Xvfb
  window->SetSize(width, height);
  window->SetMultiSamples(multisamples);
}

// Encodes in memory and writes the bytes ourselves: we get a real error (and no VTK console
// message) when the file cannot be written, and the rename makes the output atomic.
void write_png_atomically(const std::string& path, vtkRenderWindow* window) {
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();  // offscreen: the image is in the back buffer
  grab->Update();

  vtkNew<vtkPNGWriter> writer;
  writer->SetInputConnection(grab->GetOutputPort());
  writer->WriteToMemoryOn();
  writer->Write();
  vtkUnsignedCharArray* bytes = writer->GetResult();
  if (!bytes || bytes->GetNumberOfValues() == 0)
    throw IoError(path + ": cannot render: PNG encoding produced no data");

  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) {
      out.write(reinterpret_cast<const char*>(bytes->GetPointer(0)),
                static_cast<std::streamsize>(bytes->GetNumberOfValues()));
      out.close();
    }
    if (!out) {
      std::remove(tmp.c_str());
      throw IoError(path + ": cannot write PNG (temporary file " + tmp + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write PNG (rename from " + tmp + " failed)");
  }
}

}  // namespace patella::viz
